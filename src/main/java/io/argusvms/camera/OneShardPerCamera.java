package io.argusvms.camera;

import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/** shardId == entityId == cameraId, so placement decides per camera. */
final class OneShardPerCamera extends ShardingMessageExtractor<ShardingEnvelope<CameraEntity.Command>, CameraEntity.Command> {
  @Override
  public String entityId(ShardingEnvelope<CameraEntity.Command> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    return entityId;
  }

  @Override
  public CameraEntity.Command unwrapMessage(ShardingEnvelope<CameraEntity.Command> envelope) {
    return envelope.message();
  }
}
