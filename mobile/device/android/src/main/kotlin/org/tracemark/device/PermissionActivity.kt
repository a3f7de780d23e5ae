// A see-through activity that asks for runtime permissions for the plugin and hands the
// user's answer back at once (granted or refused), instead of the plugin polling for a
// grant that may never come.
package org.tracemark.device

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.result.contract.ActivityResultContracts
import java.util.concurrent.LinkedBlockingQueue

class PermissionActivity : ComponentActivity() {
  companion object {
    const val PERMISSIONS = "org.tracemark.device.PERMISSIONS"
    @Volatile private var pending: LinkedBlockingQueue<Set<String>>? = null

    /** A fresh queue for the next answer: the set of permissions granted. */
    fun begin(): LinkedBlockingQueue<Set<String>> {
      val queue = LinkedBlockingQueue<Set<String>>(1)
      pending = queue
      return queue
    }
  }

  private var answered = false

  private fun answer(granted: Set<String>) {
    if (!answered) {
      answered = true
      pending?.offer(granted)
    }
    finish()
  }

  private val request =
    registerForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) { result ->
      answer(result.filterValues { it }.keys)
    }

  override fun onCreate(savedInstanceState: Bundle?) {
    super.onCreate(savedInstanceState)
    // After a rotation the request is still on screen; its answer arrives here.
    if (savedInstanceState != null) return
    try {
      val asked = intent.getStringArrayExtra(PERMISSIONS) ?: emptyArray()
      request.launch(asked)
    } catch (e: Throwable) {
      answer(emptySet())
    }
  }

  override fun onDestroy() {
    // Leaving without an answer counts as refused.
    if (!answered && isFinishing) {
      answered = true
      pending?.offer(emptySet())
    }
    super.onDestroy()
  }
}
