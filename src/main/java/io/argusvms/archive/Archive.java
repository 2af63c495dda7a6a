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

  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  @Override
  public void close() {
    catalog.close();
  }
}
