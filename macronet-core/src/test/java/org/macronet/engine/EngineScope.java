package org.macronet.engine;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's engine manager, opened before its tests and closed after them:
 * {@code @RegisterExtension static final EngineScope ENGINE = new EngineScope();}, then {@code ENGINE.manager()}.
 */
public final class EngineScope implements BeforeAllCallback, AfterAllCallback {
    private NDManager manager;

    /** The manager of the running test class (tests open a sub-manager of it per case). */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        manager = TensorEngine.newManager();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        manager.close();
    }
}
