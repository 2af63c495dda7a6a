package io.argusvms.http;

import io.argusvms.camera.CameraService;
import io.argusvms.discovery.SeenSystem;
import io.argusvms.membership.MembershipService;
import io.argusvms.onvif.CameraDiscovery;
import io.argusvms.onvif.CameraInspection;
import io.argusvms.playback.LiveService;
import io.argusvms.playback.PlaybackService;
import io.argusvms.servers.ServerService;
import io.argusvms.users.UserService;
import java.util.List;
import java.util.function.Supplier;

/**
 * The feature services the HTTP API is a face of; each routes class takes only the ones it needs.
 *
 * @param discovered other Systems announced on the LAN recently (never this one)
 * @param inspection asks an ONVIF device what it is and what it streams
 * @param cameraDiscovery the ONVIF devices this server found on the LAN
 * @param metrics this server's figures in Prometheus text format (each feature renders its own)
 */
public record ApiServices(
    CameraService cameras,
    ServerService servers,
    UserService users,
    PlaybackService playback,
    LiveService live,
    MembershipService membership,
    Supplier<List<SeenSystem>> discovered,
    CameraInspection inspection,
    CameraDiscovery cameraDiscovery,
    Supplier<String> metrics) {}
