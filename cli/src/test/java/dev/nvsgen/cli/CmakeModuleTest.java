package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's CMake module (cmake/nvsgen.cmake) in a CMake project that stands in for an ESP-IDF
 * one: the two ESP-IDF functions it calls are stubs (the partition table's answer for "nvs", and a record
 * of what would go into esptool's flash arguments), nvsgen is this build's classes.
 */
class CmakeModuleTest {
    private static final Path MODULE = Path.of("src/dist/cmake/nvsgen.cmake").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path nvsgen;

    @BeforeEach
    void project() throws IOException {
        assumeTrue(onPath("cmake"), "skipped: cmake is not installed (apt-get install cmake)");
        assumeTrue(!System.getProperty("os.name", "").startsWith("Windows"), "skipped: the stub launcher is sh");
        nvsgen = tmp.resolve("nvsgen");
        Files.writeString(
                nvsgen,
                "#!/bin/sh\nexec '" + ProcessHandle.current().info().command().orElse("java")
                        + "' -XX:TieredStopAtLevel=1 -cp '"
                        + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                        + "' " + Main.class.getName() + " \"$@\"\n");
        assertTrue(nvsgen.toFile().setExecutable(true));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(
                src.resolve("nvs.csv"),
                "key,type,encoding,value\nstorage,namespace,,\nserial,data,string,ACME-7\nboot,data,u32,3\n");
        Files.writeString(src.resolve("CMakeLists.txt"), """
                cmake_minimum_required(VERSION 3.16)
                project(nvsgen_module_test NONE)

                # Stubs of what ESP-IDF's build provides: the partition table ...
                function(partition_table_get_partition_info var args info)
                    if(args STREQUAL "--partition-name nvs" AND info STREQUAL "size")
                        set(${var} 0x6000 PARENT_SCOPE)
                    elseif(args STREQUAL "--partition-name nvs" AND info STREQUAL "offset")
                        set(${var} 0x9000 PARENT_SCOPE)
                    else()
                        set(${var} "" PARENT_SCOPE)
                    endif()
                endfunction()
                # ... and esptool's flash arguments, recorded here.
                function(esptool_py_flash_to_partition target partition image)
                    file(APPEND "${CMAKE_BINARY_DIR}/flash-args.txt" "${target} ${partition} ${image}\\n")
                endfunction()
                add_custom_target(flash)

                include("${NVSGEN_MODULE}")
                nvsgen_create_partition_image(nvs nvs.csv FLASH_IN_PROJECT)
                """);
    }

    @Test
    void buildsTheImageNvsgenGenerateMakesAndFlashesItWithTheProject() throws Exception {
        Path build = tmp.resolve("build");
        run(tmp, "cmake", "-S", "src", "-B", "build", "-DNVSGEN_MODULE=" + MODULE, "-DNVSGEN_EXECUTABLE=" + nvsgen);
        run(tmp, "cmake", "--build", "build");
        assertEquals(
                "flash nvs " + build.toRealPath().resolve("nvs.bin") + "\n",
                Files.readString(build.resolve("flash-args.txt")));
        CliRun ref = CliRun.in(tmp.resolve("src"), "generate", "nvs.csv", "ref.bin", "0x6000");
        assertEquals(0, ref.status(), ref.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("src/ref.bin")), Files.readAllBytes(build.resolve("nvs.bin")));
        // A build after a change of the CSV makes the image again.
        Files.writeString(tmp.resolve("src/nvs.csv"), "key,type,encoding,value\nstorage,namespace,,\nboot,data,u8,9\n");
        run(tmp, "cmake", "--build", "build");
        CliRun ref2 = CliRun.in(tmp.resolve("src"), "generate", "nvs.csv", "ref2.bin", "0x6000");
        assertEquals(0, ref2.status(), ref2.err());
        assertArrayEquals(
                Files.readAllBytes(tmp.resolve("src/ref2.bin")), Files.readAllBytes(build.resolve("nvs.bin")));
    }

    @Test
    void aPartitionTheTableLacksFailsTheConfiguration() throws Exception {
        Path lists = tmp.resolve("src/CMakeLists.txt");
        Files.writeString(
                lists,
                Files.readString(lists)
                        .replace("nvsgen_create_partition_image(nvs ", "nvsgen_create_partition_image(factory_nvs "));
        String out = runExpectingFailure(
                tmp, "cmake", "-S", "src", "-B", "build", "-DNVSGEN_MODULE=" + MODULE, "-DNVSGEN_EXECUTABLE=" + nvsgen);
        assertTrue(out.contains("Failed to create NVS image for partition 'factory_nvs'."), out);
    }

    @Test
    void aBatchMakesOneImagePerDevice() throws Exception {
        CliRun.copyTree(Path.of("../testdata/batch").toAbsolutePath(), tmp.resolve("src/batch"));
        Path lists = tmp.resolve("src/CMakeLists.txt");
        Files.writeString(lists, Files.readString(lists) + "nvsgen_create_batch(devices batch/manifest.yaml)\n");
        run(tmp, "cmake", "-S", "src", "-B", "build", "-DNVSGEN_MODULE=" + MODULE, "-DNVSGEN_EXECUTABLE=" + nvsgen);
        run(tmp, "cmake", "--build", "build");
        List<String> images = CliRun.files(tmp.resolve("build/devices/bin"));
        assertEquals(8, images.size(), images.toString());
        CliRun verify = CliRun.in(tmp, "verify", "build/devices/bin/" + images.get(0));
        assertEquals(0, verify.status(), verify.out() + verify.err());
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Result r = exec(dir, cmd);
        assertEquals(0, r.status, String.join(" ", cmd) + ":\n" + r.out);
    }

    private static String runExpectingFailure(Path dir, String... cmd) throws Exception {
        Result r = exec(dir, cmd);
        assertTrue(r.status != 0, String.join(" ", cmd) + " should fail:\n" + r.out);
        return r.out;
    }

    private record Result(int status, String out) {}

    private static Result exec(Path dir, String... cmd) throws Exception {
        Path log = Files.createTempFile(dir, "cmake", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd)))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
