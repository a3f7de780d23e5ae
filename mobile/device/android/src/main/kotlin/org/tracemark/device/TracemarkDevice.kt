// Tracemark device plugin: what the field app needs from the phone, answered as one
// JSON object per call (see docs/DEVICE.md). Rust calls these methods from a
// background thread, so they may block; every wait is bounded. Every exported method
// catches every Throwable and answers JSON: an exception left pending across the JNI
// boundary would crash the app.
package org.tracemark.device

import android.Manifest
import android.app.Activity
import android.content.Intent
import android.content.pm.PackageManager
import android.location.Location
import android.location.LocationManager
import android.os.CancellationSignal
import androidx.core.content.ContextCompat
import androidx.core.location.LocationManagerCompat
import org.json.JSONObject
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean

class TracemarkDevice(private val activity: Activity) {

  private fun error(message: String, code: String? = null): String {
    val json = JSONObject()
    json.put("error", message)
    if (code != null) json.put("code", code)
    return json.toString()
  }

  private fun granted(permission: String) =
    ContextCompat.checkSelfPermission(activity, permission) == PackageManager.PERMISSION_GRANTED

  /**
   * The permissions of `wanted` the app holds, asking the user for the missing ones
   * through [PermissionActivity]: the answer (granted or refused) arrives as soon as
   * the user gives it; no answer within 60 s counts as refused.
   */
  private fun ensureAny(vararg wanted: String): Set<String> {
    val held = wanted.filter { granted(it) }.toSet()
    if (held.isNotEmpty()) return held
    val answer = PermissionActivity.begin()
    activity.runOnUiThread {
      activity.startActivity(
        Intent(activity, PermissionActivity::class.java)
          .putExtra(PermissionActivity.PERMISSIONS, arrayOf(*wanted))
      )
    }
    return answer.poll(60, TimeUnit.SECONDS) ?: emptySet()
  }

  /** One position fix: {"latitude","longitude","accuracy"} or {"error","code"}. */
  fun currentPositionJson(optionsJson: String): String = try {
    currentPosition(optionsJson)
  } catch (e: Throwable) {
    error("The position could not be read: ${e.message}")
  }

  private fun currentPosition(optionsJson: String): String {
    val options = try { JSONObject(optionsJson) } catch (e: Exception) { JSONObject() }
    val timeout = options.optLong("timeout", 20_000L).coerceIn(1_000L, 120_000L)
    val maximumAge = options.optLong("maximumAge", 30_000L)
    // Android 12+ (targetSdk 31+) needs fine and coarse asked together; the user may
    // grant only "approximate", which is still a position worth recording.
    val held = ensureAny(
      Manifest.permission.ACCESS_FINE_LOCATION,
      Manifest.permission.ACCESS_COARSE_LOCATION
    )
    if (held.isEmpty()) {
      return error("Location permission refused", "denied")
    }
    val manager = activity.getSystemService(LocationManager::class.java)
      ?: return error("This phone has no location service", "unsupported")
    if (!LocationManagerCompat.isLocationEnabled(manager)) {
      return error("Location is switched off in the phone's settings")
    }
    val provider = if (Manifest.permission.ACCESS_FINE_LOCATION in held) {
      LocationManager.GPS_PROVIDER
    } else {
      LocationManager.NETWORK_PROVIDER
    }
    try {
      val recent = manager.getLastKnownLocation(provider)
      if (recent != null && System.currentTimeMillis() - recent.time <= maximumAge) {
        return toJson(recent)
      }
      val latch = CountDownLatch(1)
      var found: Location? = null
      val cancel = CancellationSignal()
      LocationManagerCompat.getCurrentLocation(
        manager, provider, cancel,
        ContextCompat.getMainExecutor(activity)
      ) { location ->
        found = location
        latch.countDown()
      }
      if (!latch.await(timeout, TimeUnit.MILLISECONDS)) {
        cancel.cancel()
        return error("No position in time", "timeout")
      }
      return found?.let { toJson(it) } ?: error("No position in time", "timeout")
    } catch (e: SecurityException) {
      return error("Location permission refused", "denied")
    }
  }

  private fun toJson(location: Location): String {
    val json = JSONObject()
    json.put("latitude", location.latitude)
    json.put("longitude", location.longitude)
    if (location.hasAccuracy()) json.put("accuracy", location.accuracy.toDouble())
    return json.toString()
  }

  /** Whether a camera or gallery screen is open (one at a time: a second would lose the first's answer). */
  private val photoOpen = AtomicBoolean(false)

  /**
   * A photo ("camera" or "gallery"): {"path"}, {"cancelled":true} or {"error","code"};
   * {"code":"busy"} at once while another photo is being taken.
   */
  fun takePhotoJson(source: String): String {
    if (!photoOpen.compareAndSet(false, true)) {
      return error("The camera is already open", "busy")
    }
    return try {
      takePhoto(source)
    } catch (e: Throwable) {
      error("The camera could not start: ${e.message}")
    } finally {
      photoOpen.set(false)
    }
  }

  private fun takePhoto(source: String): String {
    if (source == "camera") {
      if (!activity.packageManager.hasSystemFeature(PackageManager.FEATURE_CAMERA_ANY)) {
        return error("This phone has no camera", "unsupported")
      }
      if (ensureAny(Manifest.permission.CAMERA).isEmpty()) {
        return error("Camera permission refused", "denied")
      }
    }
    val answer = CaptureActivity.begin()
    activity.runOnUiThread {
      activity.startActivity(
        Intent(activity, CaptureActivity::class.java).putExtra(CaptureActivity.SOURCE, source)
      )
    }
    // The user may take their time framing a label; give up after ten minutes.
    return answer.poll(10, TimeUnit.MINUTES) ?: error("The camera did not answer")
  }

  /** The app's private folder for its database and photos: {"path"}. */
  fun dataDirJson(): String = try {
    JSONObject().put("path", activity.filesDir.absolutePath).toString()
  } catch (e: Throwable) {
    error("The app's folder could not be found: ${e.message}")
  }
}
