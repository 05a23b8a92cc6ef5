/** XTS-AES on the JDK's AES, and the layout of the nvs_keys partition. Not API. */
package dev.nvsgen.crypto.internal;
