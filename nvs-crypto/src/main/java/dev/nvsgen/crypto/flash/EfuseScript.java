package dev.nvsgen.crypto.flash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code espefuse} commands one device's station runs, in the order of the release-mode workflow
 * ("Host-Based Security Workflows", ESP-IDF): before flashing, the keys ({@code burn_key}: the
 * flash-encryption key, the NVS {@code HMAC_UP} key, the DS key) and the flash-encryption counter;
 * after flashing the pre-encrypted images, the security eFuses, their write protection and, last, the
 * download-mode lock. Key blocks are chosen so that no two keys collide, skipping blocks the caller
 * reserves (a Secure Boot digest, say) and, on chips whose last key block cannot hold an XTS key, that
 * block. Immutable; {@link #render()} gives the shell script.
 *
 * <p>Commands use espefuse's v4 spelling ({@code burn_key}, {@code burn_efuse}), which espefuse v5 still
 * accepts. By default espefuse read- and write-protects every key it burns; nothing here turns that off.
 */
public final class EfuseScript {
    /** When a command runs: before the device is flashed, or after. */
    public enum Stage {
        /** Keys and the crypt counter: the device then expects encrypted flash. */
        KEYS,
        /** Security eFuses, write protection, download-mode lock: after the encrypted images are flashed. */
        RELEASE
    }

    /** One espefuse command: its arguments after {@code espefuse <connection> --chip C --do-not-confirm}. */
    public record Command(Stage stage, List<String> args, String comment) {
        public Command {
            Objects.requireNonNull(stage, "stage");
            args = List.copyOf(args);
            Objects.requireNonNull(comment, "comment");
        }
    }

    /** A key block and the purpose (as espefuse names it) this script burns into it. */
    public record KeyBlock(String block, String purpose, String keyFile) {}

    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9._/+-]+");

    private final Chip chip;
    private final List<Command> commands;
    private final List<KeyBlock> keyBlocks;

    private EfuseScript(Chip chip, List<Command> commands, List<KeyBlock> keyBlocks) {
        this.chip = chip;
        this.commands = List.copyOf(commands);
        this.keyBlocks = List.copyOf(keyBlocks);
    }

    public static Builder builder(Chip chip) {
        return new Builder(chip);
    }

    public Chip chip() {
        return chip;
    }

    public List<Command> commands() {
        return commands;
    }

    /** Every key block the script burns, with its hardware purpose (an XTS-AES-256 key is two). */
    public List<KeyBlock> keyBlocks() {
        return keyBlocks;
    }

    /**
     * The script: {@code sh SCRIPT keys|release|all PORT}, or {@code sh SCRIPT keys|release|all --virt FILE}
     * to rehearse on espefuse's virtual eFuses. Key files are named relative to the script's folder;
     * {@code ESPEFUSE} in the environment overrides the espefuse command. A rehearsal may end with
     * {@code --no-read-protect}: every {@code burn_key} then leaves its block readable, so that
     * {@code summary} shows the key as espefuse stored it (the check of what the script burns); with a
     * port the option is refused, so that no device gets a readable key.
     */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# eFuses for one ")
                .append(chip)
                .append(" device, release-mode flash encryption (written by nvsgen).\n");
        s.append("#   sh ").append("$0 keys PORT      before flashing: keys and the crypt counter\n");
        s.append("#   sh $0 release PORT   after flashing the encrypted images: protections, download-mode lock\n");
        s.append("#   sh $0 all --virt F   rehearse both on espefuse's virtual eFuses in file F\n");
        s.append("#   (a rehearsal may add --no-read-protect: keys stay readable in F, to check them)\n");
        s.append("# Every burn is permanent. Key blocks:");
        for (KeyBlock k : keyBlocks) {
            s.append(' ').append(k.block()).append('=').append(k.purpose());
        }
        s.append(".\nset -eu\n");
        s.append("usage() { echo \"usage: $0 keys|release|all PORT | keys|release|all --virt EFUSE_FILE"
                + " [--no-read-protect]\" >&2; exit 2; }\n");
        s.append("[ $# -ge 2 ] || usage\n");
        s.append("stage=$1\n");
        s.append("case $stage in keys | release | all) ;; *) usage ;; esac\n");
        s.append("nrp=\n");
        s.append("if [ \"$2\" = --virt ]; then\n");
        s.append("    [ $# -eq 3 ] || { [ $# -eq 4 ] && [ \"$4\" = --no-read-protect ]; } || usage\n");
        s.append("    virt=$3; port=; [ $# -eq 4 ] && nrp=1\n");
        s.append("else\n");
        s.append("    [ $# -eq 2 ] || usage; virt=; port=$2\n");
        s.append("fi\n");
        s.append("cd \"$(dirname \"$0\")\"\n");
        s.append("efuse() {\n");
        s.append(
                "    if [ -n \"$nrp\" ] && [ \"$1\" = burn_key ]; then shift; set -- burn_key --no-read-protect \"$@\"; fi\n");
        s.append("    if [ -n \"$virt\" ]; then\n");
        s.append("        \"${ESPEFUSE:-espefuse}\" --virt --path-efuse-file \"$virt\" --chip ")
                .append(chip.id())
                .append(" --do-not-confirm \"$@\"\n");
        s.append("    else\n");
        s.append("        \"${ESPEFUSE:-espefuse}\" --port \"$port\" --chip ")
                .append(chip.id())
                .append(" --do-not-confirm \"$@\"\n");
        s.append("    fi\n}\n");
        for (Stage stage : Stage.values()) {
            List<Command> here =
                    commands.stream().filter(c -> c.stage() == stage).toList();
            if (here.isEmpty()) {
                continue;
            }
            String name = stage == Stage.KEYS ? "keys" : "release";
            s.append("if [ \"$stage\" = ").append(name).append(" ] || [ \"$stage\" = all ]; then\n");
            for (Command c : here) {
                s.append("    # ").append(c.comment()).append('\n');
                s.append("    efuse");
                for (String a : c.args()) {
                    s.append(' ').append(a);
                }
                s.append('\n');
            }
            s.append("fi\n");
        }
        return s.toString();
    }

    /** Collects what one device gets; {@link #build()} chooses the key blocks. */
    public static final class Builder {
        private final Chip chip;
        private final Set<String> reserved = new LinkedHashSet<>();
        private String flashKeyFile;
        private FlashEncryptionScheme flashScheme;
        private int flashKeyLength;
        private int flashCryptConfig = FlashCipher.DEFAULT_FLASH_CRYPT_CONFIG;
        private String hmacKeyFile;
        private String dsKeyFile;
        private String dsBlock;
        private boolean release = true;
        private Boolean lockDownloadMode;

        private Builder(Chip chip) {
            this.chip = Objects.requireNonNull(chip, "chip");
        }

        /** Key blocks already in use on these devices (a Secure Boot digest): no key goes there. */
        public Builder reserveBlocks(String... blocks) {
            for (String b : blocks) {
                if (!chip.keyBlocks().contains(b)) {
                    throw new IllegalArgumentException(
                            chip + " has no key block " + b + "; it has " + chip.keyBlocks());
                }
                reserved.add(b);
            }
            return this;
        }

        /** The flash-encryption key, burnt from {@code keyFile} (a path relative to the script). */
        public Builder flashEncryptionKey(String keyFile, FlashEncryptionKey key) {
            checkFile(keyFile);
            if (!chip.supports(key.scheme()) || !chip.keyFileSizes(key.scheme()).contains(key.keyFileLength())) {
                throw new IllegalArgumentException(chip + " cannot burn a " + key.keyFileLength() + "-byte "
                        + key.scheme() + " key; it takes " + chip.schemes());
            }
            this.flashKeyFile = keyFile;
            this.flashScheme = key.scheme();
            this.flashKeyLength = key.keyFileLength();
            return this;
        }

        /** ESP32 only: the FLASH_CRYPT_CONFIG to burn (0xF unless the images were encrypted with another). */
        public Builder flashCryptConfig(int value) {
            if (value < 0 || value > 0xF) {
                throw new IllegalArgumentException("FLASH_CRYPT_CONFIG is 4 bits, not " + value);
            }
            this.flashCryptConfig = value;
            return this;
        }

        /** The 32-byte HMAC key NVS encryption's HMAC scheme derives the NVS keys from ({@code HMAC_UP}). */
        public Builder hmacUpKey(String keyFile) {
            checkFile(keyFile);
            if (!chip.hasHmac()) {
                throw new IllegalArgumentException(chip + " has no HMAC peripheral: no HMAC_UP key");
            }
            this.hmacKeyFile = keyFile;
            return this;
        }

        /** The 32-byte key of the Digital Signature peripheral ({@code HMAC_DOWN_DIGITAL_SIGNATURE}). */
        public Builder digitalSignatureKey(String keyFile) {
            checkFile(keyFile);
            if (!chip.hasDigitalSignature()) {
                throw new IllegalArgumentException(chip + " has no Digital Signature peripheral");
            }
            this.dsKeyFile = keyFile;
            this.dsBlock = null;
            return this;
        }

        /**
         * The Digital Signature key into {@code block}, the block the device's DS data names (its eFuse key
         * id: esp_secure_cert's {@code efuse_key_id} N is {@code BLOCK_KEYN}); the other keys go elsewhere.
         */
        public Builder digitalSignatureKey(String keyFile, String block) {
            digitalSignatureKey(keyFile);
            if (!chip.keyBlocks().contains(block)) {
                throw new IllegalArgumentException(
                        chip + " has no key block " + block + "; it has " + chip.keyBlocks());
            }
            this.dsBlock = block;
            return this;
        }

        /** Whether to burn the crypt counter and the release-mode protections (default yes). */
        public Builder releaseMode(boolean on) {
            this.release = on;
            return this;
        }

        /**
         * Whether to burn the download-mode lock at the very end (default: yes, except on ESP32, whose
         * {@code UART_DOWNLOAD_DIS} exists from chip revision 3.0 only and closes the ROM download mode for good).
         */
        public Builder lockDownloadMode(boolean on) {
            this.lockDownloadMode = on;
            return this;
        }

        private static void checkFile(String file) {
            // The name goes into a shell script unquoted: keep it to characters that need no quoting.
            if (!SAFE_FILE.matcher(file).matches() || file.startsWith("-")) {
                throw new IllegalArgumentException("key file name '" + file
                        + "' for the eFuse script: use letters, digits and . _ / + - only (not starting with -)");
            }
        }

        public EfuseScript build() {
            List<Command> cmds = new ArrayList<>();
            List<KeyBlock> blocks = new ArrayList<>();
            Set<String> used = new LinkedHashSet<>(reserved);
            if (dsBlock != null) {
                // Pinned by the DS data: taken first, so that no key chosen below lands on it.
                if (used.contains(dsBlock)) {
                    throw new IllegalArgumentException("the Digital Signature key's block " + dsBlock
                            + " (the DS data's eFuse key id) is reserved");
                }
                used.add(dsBlock);
            }
            if (flashKeyFile != null) {
                if (chip == Chip.ESP32) {
                    if (used.contains("BLOCK1")) {
                        throw new IllegalArgumentException("BLOCK1, the ESP32's flash_encryption block, is reserved");
                    }
                    used.add("BLOCK1");
                    blocks.add(new KeyBlock("BLOCK1", "flash_encryption", flashKeyFile));
                    cmds.add(new Command(
                            Stage.KEYS,
                            List.of("burn_key", "flash_encryption", flashKeyFile),
                            "flash-encryption key into BLOCK1 (stored byte-reversed, read- and write-protected)"));
                } else if (flashScheme == FlashEncryptionScheme.XTS_AES_256) {
                    String[] pair = xts256Blocks(used);
                    used.add(pair[0]);
                    used.add(pair[1]);
                    blocks.add(new KeyBlock(pair[0], KeyPurpose.XTS_AES_256_KEY_1.name(), flashKeyFile));
                    blocks.add(new KeyBlock(pair[1], KeyPurpose.XTS_AES_256_KEY_2.name(), flashKeyFile));
                    cmds.add(new Command(
                            Stage.KEYS,
                            List.of("burn_key", pair[0], flashKeyFile, KeyPurpose.XTS_AES_256_KEY.name()),
                            "XTS-AES-256 key: first half into " + pair[0] + " (XTS_AES_256_KEY_1), second into "
                                    + pair[1] + " (XTS_AES_256_KEY_2), the next free block, as espefuse picks it"));
                } else {
                    KeyPurpose p = chip == Chip.ESP32C2 && flashKeyLength == 16
                            ? KeyPurpose.XTS_AES_128_KEY_DERIVED_FROM_128_EFUSE_BITS
                            : KeyPurpose.XTS_AES_128_KEY;
                    String b = freeBlock(used, true, p.name());
                    used.add(b);
                    blocks.add(new KeyBlock(b, p.name(), flashKeyFile));
                    cmds.add(new Command(
                            Stage.KEYS,
                            List.of("burn_key", b, flashKeyFile, p.name()),
                            "flash-encryption key (stored byte-reversed, read- and write-protected)"));
                }
            }
            if (hmacKeyFile != null) {
                String b = freeBlock(used, false, KeyPurpose.HMAC_UP.name());
                used.add(b);
                blocks.add(new KeyBlock(b, KeyPurpose.HMAC_UP.name(), hmacKeyFile));
                cmds.add(new Command(
                        Stage.KEYS,
                        List.of("burn_key", b, hmacKeyFile, KeyPurpose.HMAC_UP.name()),
                        "NVS encryption HMAC key (read- and write-protected)"));
            }
            if (dsKeyFile != null) {
                String purpose = KeyPurpose.HMAC_DOWN_DIGITAL_SIGNATURE.name();
                String b = dsBlock != null ? dsBlock : freeBlock(used, false, purpose);
                used.add(b);
                blocks.add(new KeyBlock(b, purpose, dsKeyFile));
                cmds.add(new Command(
                        Stage.KEYS,
                        List.of("burn_key", b, dsKeyFile, purpose),
                        "Digital Signature key (read- and write-protected)"));
            }
            if (release && flashKeyFile != null) {
                List<String> counter = new ArrayList<>(
                        List.of("burn_efuse", chip.cryptCounter(), Integer.toString(chip.cryptCounterReleaseValue())));
                if (chip == Chip.ESP32) {
                    counter.add("FLASH_CRYPT_CONFIG");
                    counter.add("0x" + Integer.toHexString(flashCryptConfig).toUpperCase(java.util.Locale.ROOT));
                }
                cmds.add(new Command(
                        Stage.KEYS,
                        counter,
                        "flash encryption on, for good (every bit of " + chip.cryptCounter() + ")"));
                List<String> security = new ArrayList<>();
                security.add("burn_efuse");
                for (String e : chip.securityEfuses()) {
                    security.add(e);
                    security.add("1");
                }
                cmds.add(new Command(Stage.RELEASE, security, "release-mode security eFuses"));
                if (chip.writeProtectField() != null) {
                    cmds.add(new Command(
                            Stage.RELEASE,
                            List.of("write_protect_efuse", chip.writeProtectField()),
                            "write-protect the security eFuses (with " + chip.writeProtectField() + ")"));
                }
                boolean lock = lockDownloadMode != null ? lockDownloadMode : chip != Chip.ESP32;
                if (lock) {
                    cmds.add(new Command(
                            Stage.RELEASE,
                            List.of("burn_efuse", chip.downloadModeLock(), "1"),
                            "last: after this, espefuse can burn nothing more"));
                }
            }
            return new EfuseScript(chip, cmds, blocks);
        }

        private String freeBlock(Set<String> used, boolean xts, String purpose) {
            List<String> all = chip.keyBlocks();
            for (int i = 0; i < all.size(); i++) {
                String b = all.get(i);
                if (used.contains(b) || (xts && chip.lastBlockRefusesXts() && i == all.size() - 1)) {
                    continue;
                }
                return b;
            }
            throw new IllegalArgumentException(
                    "no free key block for " + purpose + " on " + chip + ": " + String.join(", ", used) + " are taken");
        }

        /** The first free block whose next free block (espefuse's choice for the second half) can take an XTS key. */
        private String[] xts256Blocks(Set<String> used) {
            List<String> all = chip.keyBlocks();
            int n = all.size();
            for (int i = 0; i < n; i++) {
                if (used.contains(all.get(i)) || (chip.lastBlockRefusesXts() && i == n - 1)) {
                    continue;
                }
                // espefuse: the next unused key block after the first, wrapping around.
                for (int j = 1; j < n; j++) {
                    int k = (i + j) % n;
                    if (!used.contains(all.get(k))) {
                        if (!(chip.lastBlockRefusesXts() && k == n - 1)) {
                            return new String[] {all.get(i), all.get(k)};
                        }
                        break;
                    }
                }
            }
            throw new IllegalArgumentException("no two free key blocks for an XTS-AES-256 key on " + chip + ": "
                    + String.join(", ", used) + " are taken");
        }
    }

    /** The key blocks by purpose, for a run record. */
    public Map<String, String> purposesByBlock() {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyBlock k : keyBlocks) {
            m.put(k.block(), k.purpose());
        }
        return Collections.unmodifiableMap(m);
    }
}
