package io.argusvms.archive;

import java.nio.file.Path;

/**
 * This server's archive, opened the one way the server needs it: folders created, catalog opened,
 * crash recovery run (before any recorder writes), retention ready for its periodic runs.
 * Opening blocks (disk scan): call it from a blocking thread at start-up.
 */
public final class Archive implements AutoCloseable {
  private final StorageLayout layout;
  private final LevelDbChunkCatalog catalog;
  private final Retention retention;
  private final RecoveryReport recoveryReport;

  private Archive(StorageLayout layout, LevelDbChunkCatalog catalog, Retention retention,
      RecoveryReport recoveryReport) {
    this.layout = layout;
    this.catalog = catalog;
    this.retention = retention;
    this.recoveryReport = recoveryReport;
  }

  /**
   * @throws CatalogOpenException when the catalog is locked by another process or corrupt
   */
  public static Archive open(Path dataDir, RetentionSettings retentionSettings) {
    StorageLayout layout = new StorageLayout(dataDir);
    layout.createFolders();
    LevelDbChunkCatalog catalog = LevelDbChunkCatalog.open(layout.catalogDir().toFile());
    try {
      RecoveryReport report = Recovery.run(catalog, layout);
      Retention retention = Retention.create(catalog, layout, retentionSettings);
      return new Archive(layout, catalog, retention, report);
    } catch (RuntimeException e) {
      catalog.close();
      throw e;
    }
  }

  public StorageLayout layout() {
    return layout;
  }

  public ChunkCatalog catalog() {
    return catalog;
  }

  public Retention retention() {
    return retention;
  }

  /** This archive's figures in Prometheus text: free storage, bytes kept, retention's counters. */
  public String prometheus() {
    return "# TYPE argus_storage_free_bytes gauge\nargus_storage_free_bytes " + layout.storageInfo().freeBytes() + "\n"
        + "# TYPE argus_archive_bytes gauge\nargus_archive_bytes " + catalog.totalBytes() + "\n"
        + retention.renderPrometheus();
  }

  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  @Override
  public void close() {
    catalog.close();
  }
}
