package io.argusvms.camera;

import io.argusvms.recording.ForwardingListener;
import io.argusvms.recording.RecorderFactory;
import io.argusvms.recording.RecorderState;
import io.argusvms.recording.RecorderStatusListener;
import io.argusvms.system.CameraConfig;
import io.argusvms.system.CameraStatus;
import io.argusvms.system.CborSerializable;
import io.argusvms.system.DataKeys;
import io.argusvms.system.SystemStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One camera being recorded on this server: a sharded entity (one shard per camera) whose life is
 * the recording. It starts the recording when it starts, follows config changes, reports every
 * state change to the System database, and stops the recording when it stops because the camera
 * was removed or disabled. When it stops because the camera moves (failback, rebalance, this
 * server shutting down) its recording goes on in {@link Handovers} until the new server records
 * (make-before-break), and a new entity of the camera on this server takes it back.
 */
public final class CameraEntity extends AbstractBehavior<CameraEntity.Command> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "camera");
  private static final Duration CONFIG_CHECK = Duration.ofSeconds(1);

  public sealed interface Command extends CborSerializable {}

  /** Sent by {@link CameraKeeper} so that the camera runs without waiting for other messages. */
  public enum KeepAlive implements Command { INSTANCE }

  private enum CheckConfig implements Command { INSTANCE }

  private record RecorderChanged(RecorderState state, String error) implements Command {}

  /** What the entity needs from this server. */
  public record Deps(SystemStore db, String serverId, RecorderFactory recorders, Handovers handovers,
      Executor blocking) {}

  public static Behavior<Command> create(String cameraId, Deps deps) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(CheckConfig.INSTANCE, CONFIG_CHECK);
      return new CameraEntity(ctx, cameraId, deps);
    }));
  }

  private final String cameraId;
  private final Deps deps;
  private CameraConfig running;
  private RecorderFactory.Running recorder;
  private ForwardingListener listener;
  private String lastState = "";

  private CameraEntity(ActorContext<Command> ctx, String cameraId, Deps deps) {
    super(ctx);
    this.cameraId = cameraId;
    this.deps = deps;
    ctx.getLog().info("camera {} assigned to this server", cameraId);
    reconcile();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(KeepAlive.class, m -> this)
        .onMessage(CheckConfig.class, m -> reconcile())
        .onMessage(RecorderChanged.class, this::onRecorderChanged)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  /** Brings the recording in line with the camera's config: start, restart or stop. */
  private Behavior<Command> reconcile() {
    CameraConfig wanted = deps.db().state().cameras().get(cameraId);
    if (wanted == null || !wanted.recording()) {
      if (wanted == null) getContext().getLog().info("camera {} removed: stopping", cameraId);
      else getContext().getLog().info("camera {} disabled: stopping", cameraId);
      return Behaviors.stopped();
    }
    if (running != null && running.sameStreamAs(wanted)) {
      running = wanted;
      return this;
    }
    boolean starting = running == null;
    stopRecorder();
    running = wanted;
    var self = getContext().getSelf();
    RecorderStatusListener toSelf = (state, error) -> self.tell(new RecorderChanged(state, error));
    Optional<Handovers.TakenBack> back = starting ? deps.handovers().takeBack(wanted) : Optional.empty();
    if (back.isPresent()) {
      recorder = back.get().recorder();
      listener = back.get().listener();
      listener.attach(toSelf);
      return this;
    }
    publish(CameraStatus.CONNECTING, null);
    listener = new ForwardingListener(toSelf);
    recorder = deps.recorders().start(wanted, listener);
    return this;
  }

  private Behavior<Command> onRecorderChanged(RecorderChanged m) {
    switch (m.state()) {
      case RECORDING -> publish(CameraStatus.RECORDING, null);
      case CONNECTING -> publish(CameraStatus.CONNECTING, m.error());
      case STOPPED -> { }
    }
    return this;
  }

  private Behavior<Command> onStop() {
    CameraConfig config = deps.db().state().cameras().get(cameraId);
    if (config == null) {
      stopRecorder();
      deps.db().remove(DataKeys.cameraStatus(cameraId), cameraId);
    } else if (!config.recording()) {
      stopRecorder();
      publishAlways(CameraStatus.DISABLED, null, null);
    } else {
      handOverOrStop(config);
      publishAlways(CameraStatus.UNPLACED, null, null); // moving or shutting down; the next server takes over
    }
    return this;
  }

  /** Moving or shutting down: a recording that writes goes on until the next server records. */
  private void handOverOrStop(CameraConfig config) {
    if (recorder != null && deps.handovers().enabled() && listener.recording() && running.sameStreamAs(config)) {
      deps.handovers().keepRecording(running, recorder, listener);
      recorder = null;
    } else {
      stopRecorder();
    }
  }

  private void stopRecorder() {
    RecorderFactory.Running r = recorder;
    recorder = null;
    if (r != null) CompletableFuture.runAsync(r::stop, deps.blocking()); // stop() blocks while it seals the chunk
  }

  private void publish(String state, String error) {
    String key = state + "|" + error;
    if (key.equals(lastState)) return;
    lastState = key;
    publishAlways(state, deps.serverId(), error);
  }

  private void publishAlways(String state, String serverId, String error) {
    deps.db().put(DataKeys.cameraStatus(cameraId), cameraId, new CameraStatus(state, serverId, System.currentTimeMillis(), error));
  }
}
