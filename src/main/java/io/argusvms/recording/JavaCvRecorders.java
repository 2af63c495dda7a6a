package io.argusvms.recording;

import io.argusvms.archive.ChunkCatalog;
import io.argusvms.archive.MediaStore;
import io.argusvms.system.CameraConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records cameras with JavaCV sessions into this server's archive and catalog. */
public final class JavaCvRecorders implements RecorderFactory {
  private final MediaStore layout;
  private final ChunkCatalog catalog;
  private final RecordingSettings settings;
  private final Set<RecordingSession> running = ConcurrentHashMap.newKeySet();

  public JavaCvRecorders(MediaStore layout, ChunkCatalog catalog, RecordingSettings settings) {
    this.layout = layout;
    this.catalog = catalog;
    this.settings = settings;
  }

  @Override
  public Running start(CameraConfig camera, RecorderStatusListener listener) {
    RecordingSession session = RecordingSession.start(camera.id(), camera.url(), camera.username(), camera.password(),
        layout.camera(camera.id()), settings, catalog::put, listener);
    running.add(session);
    return () -> {
      session.stop();
      running.remove(session);
    };
  }

  /** At shutdown: seal every open chunk before the catalog closes. */
  public void stopAll() {
    List<RecordingSession> all = List.copyOf(running);
    all.parallelStream().forEach(RecordingSession::stop);
    running.removeAll(all);
  }
}
