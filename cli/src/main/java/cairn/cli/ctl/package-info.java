/** The etcdctl-compatible client commands. May use only cairn.client and picocli. */
package cairn.cli.ctl;
