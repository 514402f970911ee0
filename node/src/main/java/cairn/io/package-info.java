/**
 * The seam between storage code and the disk: {@link cairn.io.FileSystem} and {@link
 * cairn.io.StorageFile}, with the real implementation; tests bring a fault-injecting twin. May
 * import only the JDK.
 */
package cairn.io;
