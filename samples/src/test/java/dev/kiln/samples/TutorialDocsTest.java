package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/tutorial true to the code: every declaration a page shows is the source file,
 * verbatim; every page is in the index; every {@code --model} a page suggests exists.
 */
class TutorialDocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+) -->\n```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern MODEL = Pattern.compile("--model (\\w+)");

    @Test
    void pagesShowTheSourcesVerbatimAndNameRealModels() throws IOException {
        List<Path> pages = pages();
        assertEquals(6, pages.size(), "six numbered pages: " + pages);
        String index = Files.readString(ROOT.resolve("docs/tutorial/README.md"));
        int includes = 0;
        for (Path page : pages) {
            String text = Files.readString(page);
            assertTrue(index.contains("(" + page.getFileName() + ")"), page.getFileName() + " is not in the index");
            assertEquals(count(text, "<!-- include:"), count(INCLUDE.matcher(text)),
                    page.getFileName() + ": every include marker is followed by a ```java block");
            Matcher m = INCLUDE.matcher(text);
            while (m.find()) {
                Path source = ROOT.resolve(m.group(1));
                assertTrue(Files.exists(source), page.getFileName() + " includes a missing file " + m.group(1));
                assertEquals(Files.readString(source), m.group(2), page.getFileName() + ": the copy of " + m.group(1)
                        + " differs from the source; paste the file again");
                includes++;
            }
            Matcher model = MODEL.matcher(text);
            while (model.find()) {
                assertTrue(SampleModel.byId(model.group(1)).isPresent(), page.getFileName() + " suggests --model "
                        + model.group(1) + ", which is not one of " + SampleModel.ids());
            }
        }
        assertTrue(includes >= 10, "the pages show the declarations, found " + includes);
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("docs/tutorial"))) {
            List<Path> pages = files.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md")).sorted().toList();
            assertFalse(pages.isEmpty(), "no pages under docs/tutorial");
            return pages;
        }
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
