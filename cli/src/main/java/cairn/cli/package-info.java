/**
 * The `cairn` command: dispatch to node, ctl and migrate; exit codes; the fat jar; generated
 * completions and man pages.
 */
package cairn.cli;
