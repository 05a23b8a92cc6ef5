/**
 * Matter factory data, each piece a small type with the Matter Core Specification's rules: {@link
 * dev.nvsgen.matter.Passcode}, {@link dev.nvsgen.matter.Discriminator}, {@link
 * dev.nvsgen.matter.Spake2pVerifier}, {@link dev.nvsgen.matter.SetupPayload} (with {@link
 * dev.nvsgen.matter.Base38} and {@link dev.nvsgen.matter.Verhoeff}), {@link dev.nvsgen.matter.QrImage},
 * {@link dev.nvsgen.matter.AttestationCertificates} (DAC and PAI), {@link dev.nvsgen.matter.ChipFactory}
 * (the NVS namespace), and {@link dev.nvsgen.matter.MfgToolRun}, which writes what esp-matter-mfg-tool
 * writes.
 */
package dev.nvsgen.matter;
