package org.macronet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.experiment.OscillatorExperiment;
import org.macronet.macro.MacroNet;
import org.macronet.macro.TrainingListener;

/** The report of a real (tiny, 2-epoch) oscillator run: whatever the model learned, every file is written. */
class OscillatorReportEndToEndTest {

    @Test
    void writesTheReportOfARealRun(@TempDir Path dir) throws IOException {
        OscillatorExperiment.Options o = OscillatorExperiment.Options.defaults(1).withPairs(512);
        o = o.withModel(o.model().withTraining(o.model().training().withEpochs(2)));
        OscillatorExperiment.Result r;
        try (MacroNet net = new MacroNet(o.model())) {
            r = OscillatorExperiment.run(o, net, TrainingListener.NONE);
        }
        Path html = OscillatorReport.write(r, dir);

        String page = Files.readString(html);
        for (String png : List.of(OscillatorReport.MACRO_VS_ENERGY, OscillatorReport.PHASE_SPACE,
                OscillatorReport.DESIGNS, OscillatorReport.TRAINING)) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(page).contains("<img src=\"" + png + "\"");
        }
        assertThat(page).contains(HtmlReport.format(r.metrics().get("spearman_energy")));
        assertThat(Files.readAllLines(dir.resolve(OscillatorReport.TRAINING_CSV))).hasSize(3);
    }
}
