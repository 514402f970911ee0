/**
 * The PEM files etcd's TLS flags name (certificates, and keys in PKCS #8, PKCS #1 and SEC 1), read
 * with the JDK alone: shared by the node's listeners and the client library, which know nothing of
 * each other.
 */
package cairn.pem;
