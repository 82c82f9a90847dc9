package dev.kiln.samples.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.runtime.Network;
import dev.kiln.samples.SampleModel;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Kiln-to-PyTorch name map covers every name of the ResNet samples, one to one, without PyTorch. */
class TorchNamesTest {

    @ParameterizedTest
    @EnumSource(value = SampleModel.class, names = {"RESNET20", "RESNET56", "RESNET110", "PLAIN20", "PLAIN56", "PREACT20", "BOTTLENECK29"})
    void everyNameMapsOneToOne(SampleModel model) {
        Network net = model.create(1);
        Map<String, String> map = TorchNames.forModel(net);
        assertEquals(net.parameters().size() + net.state().size(), map.size(), model.id());
        assertEquals(map.size(), new HashSet<>(map.values()).size(), model.id() + ": distinct PyTorch names");
    }

    @Test
    void theRulesGiveTorchvisionStyleNames() {
        assertEquals(Optional.of("conv1.weight"), TorchNames.toTorch("stem.weight"));
        assertEquals(Optional.of("bn1.running_var"), TorchNames.toTorch("stem.bn.running_var"));
        assertEquals(Optional.of("layer1.0.bn2.weight"), TorchNames.toTorch("stage1.0.conv2.bn.weight"));
        assertEquals(Optional.of("layer2.0.downsample.0.weight"), TorchNames.toTorch("stage2.0.shortcut.conv.weight"));
        assertEquals(Optional.of("layer2.0.downsample.1.running_mean"), TorchNames.toTorch("stage2.0.shortcut.bn.running_mean"));
        assertEquals(Optional.of("layer3.2.conv2.weight"), TorchNames.toTorch("stage3.2.conv.weight"));
        assertEquals(Optional.of("layer3.2.bn3.bias"), TorchNames.toTorch("stage3.2.expand.bn.bias"));
        assertEquals(Optional.of("layer1.1.bn2.weight"), TorchNames.toTorch("stage1.1.preact2.weight"));
        assertEquals(Optional.of("fc.bias"), TorchNames.toTorch("logits.bias"));
        assertEquals(Optional.empty(), TorchNames.toTorch("conv1.weight"), "LeNet's names are not a ResNet's");
    }

    @Test
    void aModelWithoutRulesIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchNames.forModel(SampleModel.LENET.create(1)));
        assertEquals(true, e.getMessage().startsWith("LeNet: no rule in torch-names.txt covers "), e.getMessage());
    }
}
