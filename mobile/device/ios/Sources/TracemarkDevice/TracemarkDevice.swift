// Tracemark device plugin: what the field app needs from the phone, answered as one
// JSON object per call (see docs/DEVICE.md). Rust calls from a background thread, so
// these methods may block; every wait is bounded and UI work goes to the main thread.
import CoreLocation
import Foundation
import UIKit

@objc(TracemarkDevice)
public class TracemarkDevice: NSObject, CLLocationManagerDelegate,
    UIImagePickerControllerDelegate, UINavigationControllerDelegate
{
    // Rust keeps one instance for the life of the app and calls it from any thread.
    // Core Location delivers to the run loop of the thread that made the manager, so it
    // is made on the main thread; the calling thread waits on a semaphore. `lock`
    // guards every field below; one position and one photo are read at a time, and a
    // second request is answered "busy" at once.
    private let lock = NSLock()
    private var manager: CLLocationManager?
    private var positionOpen = false
    private var fix: CLLocation?
    private var failure: Error?
    private var positionEvent = DispatchSemaphore(value: 0)
    private var photoOpen = false
    private var photoAnswer: String?
    private var photoDone = DispatchSemaphore(value: 0)

    override public init() {
        super.init()
    }

    private func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object),
            let text = String(data: data, encoding: .utf8)
        else { return "{\"error\":\"unreadable answer\"}" }
        return text
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func onMain<T>(_ body: () -> T) -> T {
        Thread.isMainThread ? body() : DispatchQueue.main.sync(execute: body)
    }

    /// Marks one of the two requests open; false when it already is.
    private func open(_ flag: ReferenceWritableKeyPath<TracemarkDevice, Bool>) -> Bool {
        locked {
            if self[keyPath: flag] { return false }
            self[keyPath: flag] = true
            return true
        }
    }

    private func close(_ flag: ReferenceWritableKeyPath<TracemarkDevice, Bool>) {
        locked { self[keyPath: flag] = false }
    }

    // MARK: position

    @objc public func currentPositionJson(_ optionsJson: String) -> String {
        guard open(\.positionOpen) else {
            return json(["error": "A position is already being read", "code": "busy"])
        }
        defer { close(\.positionOpen) }
        let options =
            (try? JSONSerialization.jsonObject(with: Data(optionsJson.utf8)) as? [String: Any]) ?? [:]
        let timeout = min(max((options["timeout"] as? Double ?? 20000) / 1000, 1), 120)
        let maximumAge = (options["maximumAge"] as? Double ?? 30000) / 1000
        guard CLLocationManager.locationServicesEnabled() else {
            return json(["error": "Location is switched off in the phone's settings"])
        }
        let manager: CLLocationManager = onMain {
            if let made = self.locked({ self.manager }) { return made }
            let made = CLLocationManager()
            made.delegate = self
            made.desiredAccuracy = kCLLocationAccuracyBest
            self.locked { self.manager = made }
            return made
        }
        if let last = manager.location, -last.timestamp.timeIntervalSinceNow <= maximumAge {
            return answer(last)
        }
        locked {
            fix = nil
            failure = nil
            positionEvent = DispatchSemaphore(value: 0)
        }
        let event = locked { positionEvent }
        let deadline = Date().addingTimeInterval(timeout)
        var asked = false
        var askedPermission = false
        while Date() < deadline {
            switch manager.authorizationStatus {
            case .denied, .restricted:
                return json(["error": "Location permission refused", "code": "denied"])
            case .notDetermined:
                // The answer arrives as an authorisation change, which wakes the wait.
                if !askedPermission {
                    onMain { manager.requestWhenInUseAuthorization() }
                    askedPermission = true
                }
            default:
                if !asked {
                    onMain { manager.requestLocation() }
                    asked = true
                }
            }
            let (found, failed) = locked { (fix, failure) }
            if let location = found { return answer(location) }
            if let error = failed { return json(["error": error.localizedDescription]) }
            _ = event.wait(timeout: .now() + min(deadline.timeIntervalSinceNow, 1))
        }
        if let location = locked({ fix }) { return answer(location) }
        return json(["error": "No position in time", "code": "timeout"])
    }

    private func answer(_ location: CLLocation) -> String {
        var out: [String: Any] = [
            "latitude": location.coordinate.latitude,
            "longitude": location.coordinate.longitude,
        ]
        if location.horizontalAccuracy >= 0 { out["accuracy"] = location.horizontalAccuracy }
        return json(out)
    }

    public func locationManager(_ manager: CLLocationManager, didUpdateLocations locations: [CLLocation]) {
        locked { fix = locations.last }
        locked { positionEvent }.signal()
    }

    public func locationManager(_ manager: CLLocationManager, didFailWithError error: Error) {
        locked { failure = error }
        locked { positionEvent }.signal()
    }

    public func locationManagerDidChangeAuthorization(_ manager: CLLocationManager) {
        locked { positionEvent }.signal()
    }

    // MARK: photos

    @objc public func takePhotoJson(_ source: String) -> String {
        let type: UIImagePickerController.SourceType = source == "gallery" ? .photoLibrary : .camera
        guard UIImagePickerController.isSourceTypeAvailable(type) else {
            return json(["error": "This phone has no camera", "code": "unsupported"])
        }
        guard open(\.photoOpen) else {
            return json(["error": "The camera is already open", "code": "busy"])
        }
        defer { close(\.photoOpen) }
        let done = DispatchSemaphore(value: 0)
        locked {
            photoAnswer = nil
            photoDone = done
        }
        DispatchQueue.main.async {
            let root = UIApplication.shared.connectedScenes
                .compactMap { ($0 as? UIWindowScene)?.keyWindow?.rootViewController }
                .first
            guard let root = root else {
                self.finish(self.json(["error": "The app has no window to show the camera in"]))
                return
            }
            // UIKit refuses, silently, to present over something already presented (an
            // alert, a share sheet): say so now instead of waiting for an answer.
            guard root.presentedViewController == nil else {
                self.finish(self.json(["error": "Another screen is open over the app", "code": "busy"]))
                return
            }
            let picker = UIImagePickerController()
            picker.sourceType = type
            picker.delegate = self
            root.present(picker, animated: true)
        }
        // The user may take their time framing a label; give up after ten minutes.
        if done.wait(timeout: .now() + 600) == .timedOut {
            return json(["error": "The camera did not answer"])
        }
        return locked { photoAnswer } ?? json(["cancelled": true])
    }

    private func finish(_ answer: String) {
        let done: DispatchSemaphore = locked {
            photoAnswer = answer
            return photoDone
        }
        done.signal()
    }

    public func imagePickerController(
        _ picker: UIImagePickerController,
        didFinishPickingMediaWithInfo info: [UIImagePickerController.InfoKey: Any]
    ) {
        picker.dismiss(animated: true)
        guard let image = info[.originalImage] as? UIImage,
            let data = image.jpegData(compressionQuality: 0.92)
        else {
            finish(json(["error": "The photo could not be read"]))
            return
        }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent(UUID().uuidString + ".jpg")
        do {
            try data.write(to: url)
            finish(json(["path": url.path]))
        } catch {
            finish(json(["error": "The photo could not be saved: \(error.localizedDescription)"]))
        }
    }

    public func imagePickerControllerDidCancel(_ picker: UIImagePickerController) {
        picker.dismiss(animated: true)
        finish(json(["cancelled": true]))
    }

    // MARK: storage

    @objc public func dataDirJson() -> String {
        guard let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask).first
        else { return json(["error": "No application support folder"]) }
        let app = dir.appendingPathComponent("tracemark")
        try? FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        return json(["path": app.path])
    }
}
