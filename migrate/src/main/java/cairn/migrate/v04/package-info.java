/**
 * Readers of etcd 0.4 data directories (goraft log, conf, snapshot files, standby_info), as
 * ../shared/docs/etcd-0.4-data-format.md describes them. They never write.
 */
package cairn.migrate.v04;
