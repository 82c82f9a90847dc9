package com.example.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every code block of Kiln's README section "Use Kiln in your project" appears verbatim in this
 * project's build: {@code xml} blocks in pom.xml, {@code groovy} blocks in build.gradle,
 * {@code sh} blocks in javac-build.sh (line by line, indentation aside). So what users copy is
 * what CI builds and tests here.
 */
class ReadmeSnippetsTest {
    private static final String SECTION = "## Use Kiln in your project";
    private static final Map<String, String> FILE_FOR = Map.of(
            "xml", "pom.xml", "groovy", "build.gradle", "sh", "javac-build.sh");

    @Test
    void everySnippetIsInThisProjectsBuild() throws IOException {
        Map<String, Integer> checked = new TreeMap<>();
        for (Block block : blocks(section())) {
            String file = FILE_FOR.get(block.language());
            if (file == null) {
                continue; // output shown in the README, not build input
            }
            List<String> lines = trimmed(Files.readAllLines(ProjectCopy.HERE.resolve(file)));
            assertTrue(Collections.indexOfSubList(lines, trimmed(block.lines())) >= 0,
                    () -> file + " lacks this README block verbatim:\n" + String.join("\n", block.lines()));
            checked.merge(block.language(), 1, Integer::sum);
        }
        assertEquals(FILE_FOR.keySet(), checked.keySet(), "the section shows Maven, Gradle and plain javac");
    }

    private record Block(String language, List<String> lines) {}

    private static List<String> section() throws IOException {
        List<String> readme = Files.readAllLines(ProjectCopy.HERE.resolve("../../README.md").normalize());
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "README.md has no section '" + SECTION + "'");
        int end = start + 1;
        while (end < readme.size() && !readme.get(end).startsWith("## ")) {
            end++;
        }
        return readme.subList(start, end);
    }

    private static List<Block> blocks(List<String> section) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < section.size(); i++) {
            if (section.get(i).startsWith("```") && section.get(i).length() > 3) {
                int close = section.subList(i + 1, section.size()).indexOf("```") + i + 1;
                blocks.add(new Block(section.get(i).substring(3).strip(), section.subList(i + 1, close)));
                i = close;
            }
        }
        return blocks;
    }

    private static List<String> trimmed(List<String> lines) {
        return lines.stream().map(String::strip).toList();
    }
}
