/**
 * What nvsgen does to the files around it, in one place, so that every command follows the same rules:
 * inputs are read only when they are regular files of a bounded size ({@link dev.nvsgen.nvs.files.InputFiles});
 * outputs are checked as a whole before the first byte is written, so that none replaces an input, a key
 * file, another output of the run, or a file nvsgen did not write ({@link dev.nvsgen.nvs.files.OutputPlan});
 * temporary files carry the writer's process id and are removed on an interrupt, or by the next run after
 * a crash ({@link dev.nvsgen.nvs.files.TempFiles}).
 */
package dev.nvsgen.nvs.files;
