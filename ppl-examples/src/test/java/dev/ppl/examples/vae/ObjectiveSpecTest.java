package dev.ppl.examples.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectiveSpecTest {
    @Test
    void parsesEveryAcceptedForm() {
        assertEquals(new ObjectiveSpec("elbo", 1, 0), ObjectiveSpec.parse("elbo"));
        assertEquals(new ObjectiveSpec("iwelbo", 5, 0), ObjectiveSpec.parse("iwelbo:5"));
        assertEquals(new ObjectiveSpec("renyi", 3, 0.5), ObjectiveSpec.parse("renyi:0.5:3"));
        assertEquals(new ObjectiveSpec("renyi", 2, -1), ObjectiveSpec.parse("renyi:-1:2"));
        assertEquals("IWELBO(5)", ObjectiveSpec.parse("iwelbo:5").label());
        assertEquals("ELBO", ObjectiveSpec.parse("elbo").label());
    }

    @Test
    void rejectsMalformedSpecsNamingTheTextAndTheAcceptedForms() {
        for (String bad : new String[] {"elbow", "iwelbo", "iwelbo:0", "iwelbo:x", "elbo:3", "renyi:1:5", "renyi:a:5",
                "renyi:0.5", "vimco:5", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectiveSpec.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid objective '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(ObjectiveSpec.FORMS), e.getMessage());
        }
    }

    @Test
    void unknownNameIsReportedAsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectiveSpec.parse("kl"));
        assertTrue(e.getMessage().contains("unknown objective 'kl'"), e.getMessage());
    }
}
