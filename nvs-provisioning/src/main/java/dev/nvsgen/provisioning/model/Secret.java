package dev.nvsgen.provisioning.model;

/**
 * A secret a run needs (a passphrase, PIN or password) and where it is taken from: the environment
 * variable {@code env}, or the first line of {@code file}, or else asked of the user through the caller's
 * prompt. Never held in the model itself.
 *
 * @param owner what needs it, for messages (a file or URI as shown)
 * @param what what it is ({@code passphrase}, {@code PIN}, {@code password})
 * @param envField the setting naming the variable, for messages ({@code credentials.ca.passphrase-env})
 */
public record Secret(String env, FileRef file, String owner, String what, String envField) {}
