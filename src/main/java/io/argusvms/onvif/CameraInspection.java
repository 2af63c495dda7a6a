package io.argusvms.onvif;

import io.argusvms.system.ServiceException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * POST /api/v1/discovery/cameras/inspect behind the HTTP shell: which device service an address
 * names, and the device's answer or the named reason it gave none, as API errors: 400 for an
 * address that is not one, 422 for a device that answered wrongly or not at all (the request was
 * fine; the device, or the password for it, was not). The blocking SOAP calls run on the executor.
 */
public final class CameraInspection {
  /** Where ONVIF devices serve their device service when only a host is given (ONVIF Core 5.1.1). */
  static final String DEVICE_SERVICE_PATH = "/onvif/device_service";

  private final OnvifClient client;
  private final Executor blocking;

  public CameraInspection(Clock clock, Executor blocking) {
    this.client = new OnvifClient(clock);
    this.blocking = blocking;
  }

  public CompletionStage<DeviceReport> inspect(String address, String username, String password) {
    URI device = deviceService(address);
    return CompletableFuture.supplyAsync(() -> {
      try {
        return client.inspect(device, username == null ? "" : username, password == null ? "" : password);
      } catch (OnvifException e) {
        throw new CompletionException(refusal(e));
      }
    }, blocking);
  }

  /**
   * {@code host}, {@code host:port} or a device service URL (an XAddr) -> the device service URL.
   *
   * @throws ServiceException 400 naming {@code address}
   */
  static URI deviceService(String address) {
    if (address == null || address.isBlank()) throw ServiceException.badRequest("address", "required");
    String a = address.trim();
    if (!a.contains("://")) a = "http://" + a + DEVICE_SERVICE_PATH;
    URI u;
    try {
      u = new URI(a);
    } catch (URISyntaxException e) {
      throw ServiceException.badRequest("address", "must be host[:port] or an http(s) device service URL, not '"
          + address + "'");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getUserInfo() != null) {
      throw ServiceException.badRequest("address", "must be host[:port] or an http(s) device service URL, not '"
          + address + "'");
    }
    if (u.getRawPath() == null || u.getRawPath().isEmpty()) u = u.resolve(DEVICE_SERVICE_PATH);
    return u;
  }

  private static ServiceException refusal(OnvifException e) {
    String code = switch (e.kind()) {
      case UNREACHABLE -> "device_unreachable";
      case NOT_ONVIF -> "not_onvif";
      case UNAUTHORIZED -> "device_unauthorized";
      case CLOCK_SKEW -> "clock_skew";
      case NO_VIDEO_PROFILE -> "no_video_profile";
      case BAD_ANSWER -> "device_error";
    };
    String message = e.kind() == OnvifException.Kind.UNAUTHORIZED ? "password: " + e.getMessage() : e.getMessage();
    return new ServiceException(422, code, message);
  }
}
