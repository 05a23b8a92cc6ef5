/**
 * The esp_secure_cert partition esp_secure_cert_mgr reads.
 *
 * <ul>
 *   <li>Structures: {@link dev.nvsgen.securecert.TlvHeader}, {@link dev.nvsgen.securecert.TlvEntry},
 *       {@link dev.nvsgen.securecert.DsData}, {@link dev.nvsgen.securecert.DsContext}; wire codes
 *       {@link dev.nvsgen.securecert.TlvType}, {@link dev.nvsgen.securecert.TlvSubtype},
 *       {@link dev.nvsgen.securecert.TlvFlags}.
 *   <li>Writing: {@link dev.nvsgen.securecert.SecureCertRequest} (immutable inputs) →
 *       {@link dev.nvsgen.securecert.SecureCertGenerator} → {@link dev.nvsgen.securecert.SecureCertImage} (bytes,
 *       eFuse keys to burn); {@link dev.nvsgen.securecert.TlvPartition} for TLVs by hand.
 *   <li>Reading: {@link dev.nvsgen.securecert.TlvReader} → {@link dev.nvsgen.securecert.TlvImage};
 *       {@link dev.nvsgen.securecert.SecureCertVerifier} adds certificate and key checks;
 *       {@link dev.nvsgen.securecert.DeviceView} answers as the component's getters do;
 *       {@link dev.nvsgen.securecert.FirmwarePreflight} checks a {@link dev.nvsgen.securecert.Sdkconfig} against a request.
 * </ul>
 */
package dev.nvsgen.securecert;
