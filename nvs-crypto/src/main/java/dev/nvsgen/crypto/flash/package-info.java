/**
 * Flash encryption as Espressif's tools compute it: {@link dev.nvsgen.crypto.flash.FlashCipher} encrypts
 * and decrypts data at a flash address byte for byte as {@code espsecure encrypt_flash_data} does (ESP32's
 * AES-256 with the address key tweak; XTS-AES-128/256 on every later chip), with keys held by
 * {@link dev.nvsgen.crypto.flash.FlashEncryptionKey}; {@link dev.nvsgen.crypto.flash.Chip} says what each
 * chip has; {@link dev.nvsgen.crypto.flash.EfuseScript} writes the {@code espefuse} commands that burn a
 * device's keys and the release-mode eFuses.
 */
package dev.nvsgen.crypto.flash;
