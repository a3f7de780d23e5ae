// A stand-in for Android's Activity in the JNI bridge's tests (src/jvm_tests.rs): what
// the bridge calls on it, loaded like the app's classes through a class loader of its
// own, out of the system class loader's reach.
package android.app;

import java.io.File;

public class Activity {
  private final File files;

  public Activity(String files) {
    this.files = files.isEmpty() ? null : new File(files);
  }

  public ClassLoader getClassLoader() {
    return Activity.class.getClassLoader();
  }

  public File getFilesDir() {
    return files;
  }
}
