// A see-through activity that runs the system camera or photo picker for the plugin
// and hands the result back as JSON: the photo is copied into the app's cache, and
// its path returned; the Rust side reads it and removes it.
package org.tracemark.device

import android.net.Uri
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.core.content.FileProvider
import org.json.JSONObject
import java.io.File
import java.util.UUID
import java.util.concurrent.LinkedBlockingQueue

class CaptureActivity : ComponentActivity() {
  companion object {
    const val SOURCE = "org.tracemark.device.SOURCE"
    private const val TARGET = "org.tracemark.device.TARGET"
    @Volatile private var pending: LinkedBlockingQueue<String>? = null

    /** A fresh queue for the next answer (one capture at a time). */
    fun begin(): LinkedBlockingQueue<String> {
      val queue = LinkedBlockingQueue<String>(1)
      pending = queue
      return queue
    }
  }

  private var target: File? = null
  private var answered = false

  private fun answer(json: JSONObject) {
    if (!answered) {
      answered = true
      pending?.offer(json.toString())
    }
    finish()
  }

  private fun cancelled() = answer(JSONObject().put("cancelled", true))
  private fun failed(message: String) = answer(JSONObject().put("error", message))
  private fun photo(file: File) = answer(JSONObject().put("path", file.absolutePath))

  private fun newFile(): File {
    val dir = File(cacheDir, "tracemark-photos")
    dir.mkdirs()
    return File(dir, UUID.randomUUID().toString() + ".jpg")
  }

  private val takePicture = registerForActivityResult(ActivityResultContracts.TakePicture()) { ok ->
    val file = target
    if (ok && file != null && file.length() > 0) photo(file) else cancelled()
  }

  private val pickImage = registerForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri: Uri? ->
    if (uri == null) {
      cancelled()
    } else {
      try {
        val file = newFile()
        contentResolver.openInputStream(uri)?.use { input ->
          file.outputStream().use { output -> input.copyTo(output) }
        }
        photo(file)
      } catch (e: Exception) {
        failed("The photo could not be copied: ${e.message}")
      }
    }
  }

  override fun onSaveInstanceState(outState: Bundle) {
    super.onSaveInstanceState(outState)
    // The camera runs while the phone rotates or the system reclaims this activity:
    // where the photo goes must survive, or the picture is lost.
    target?.let { outState.putString(TARGET, it.absolutePath) }
  }

  override fun onCreate(savedInstanceState: Bundle?) {
    super.onCreate(savedInstanceState)
    if (savedInstanceState != null) {
      target = savedInstanceState.getString(TARGET)?.let { File(it) }
      return
    }
    try {
      if (intent.getStringExtra(SOURCE) == "gallery") {
        pickImage.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly))
      } else {
        val file = newFile()
        target = file
        val uri = FileProvider.getUriForFile(this, "$packageName.tracemark.photos", file)
        takePicture.launch(uri)
      }
    } catch (e: Exception) {
      failed("The camera could not start: ${e.message}")
    }
  }

  override fun onDestroy() {
    // Leaving without an answer (back button, system kill) counts as cancelled.
    if (!answered && isFinishing) {
      answered = true
      pending?.offer(JSONObject().put("cancelled", true).toString())
    }
    super.onDestroy()
  }
}
