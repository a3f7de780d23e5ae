// A stand-in for the Kotlin plugin (android/) in the JNI bridge's tests
// (src/jvm_tests.rs): the same constructor and method signatures, with answers and
// failures the tests choose.
package org.tracemark.device;

import android.app.Activity;
import java.util.concurrent.atomic.AtomicInteger;

public class TracemarkDevice {
  private static final AtomicInteger instances = new AtomicInteger();

  public TracemarkDevice(Activity activity) {
    instances.incrementAndGet();
  }

  /** How many instances were made. */
  public static int made() {
    return instances.get();
  }

  public String currentPositionJson(String optionsJson) {
    return "{\"latitude\":-1.2921,\"longitude\":36.8219,\"accuracy\":8.0}";
  }

  public String takePhotoJson(String source) {
    switch (source) {
      case "throw":
        throw new IllegalStateException("the camera service died");
      case "null":
        return null;
      default:
        return "{\"path\":\"/data/cache/" + source + ".jpg\"}";
    }
  }
}
