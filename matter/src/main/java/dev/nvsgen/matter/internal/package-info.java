/** Encoders the Matter types share: a PNG writer, DER of EC keys, CSV text as Python's csv module writes it. */
package dev.nvsgen.matter.internal;
