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
    private let manager = CLLocationManager()
    private var fix: CLLocation?
    private var failure: Error?
    private var photoAnswer: String?
    private let photoDone = DispatchSemaphore(value: 0)

    override public init() {
        super.init()
        manager.delegate = self
        manager.desiredAccuracy = kCLLocationAccuracyBest
    }

    private func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object),
            let text = String(data: data, encoding: .utf8)
        else { return "{\"error\":\"unreadable answer\"}" }
        return text
    }

    // MARK: position

    @objc public func currentPositionJson(_ optionsJson: String) -> String {
        let options =
            (try? JSONSerialization.jsonObject(with: Data(optionsJson.utf8)) as? [String: Any]) ?? [:]
        let timeout = min(max((options["timeout"] as? Double ?? 20000) / 1000, 1), 120)
        let maximumAge = (options["maximumAge"] as? Double ?? 30000) / 1000
        guard CLLocationManager.locationServicesEnabled() else {
            return json(["error": "Location is switched off in the phone's settings"])
        }
        if let last = manager.location, -last.timestamp.timeIntervalSinceNow <= maximumAge {
            return answer(last)
        }
        fix = nil
        failure = nil
        if manager.authorizationStatus == .notDetermined {
            manager.requestWhenInUseAuthorization()
        }
        let deadline = Date().addingTimeInterval(timeout)
        var asked = false
        while fix == nil && failure == nil && Date() < deadline {
            switch manager.authorizationStatus {
            case .denied, .restricted:
                return json(["error": "Location permission refused", "code": "denied"])
            case .authorizedAlways, .authorizedWhenInUse:
                if !asked {
                    manager.requestLocation()
                    asked = true
                }
            default:
                break
            }
            _ = RunLoop.current.run(mode: .default, before: Date().addingTimeInterval(0.1))
        }
        if let location = fix { return answer(location) }
        if let error = failure { return json(["error": error.localizedDescription]) }
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
        fix = locations.last
    }

    public func locationManager(_ manager: CLLocationManager, didFailWithError error: Error) {
        failure = error
    }

    // MARK: photos

    @objc public func takePhotoJson(_ source: String) -> String {
        let type: UIImagePickerController.SourceType = source == "gallery" ? .photoLibrary : .camera
        guard UIImagePickerController.isSourceTypeAvailable(type) else {
            return json(["error": "This phone has no camera", "code": "unsupported"])
        }
        photoAnswer = nil
        DispatchQueue.main.async {
            let picker = UIImagePickerController()
            picker.sourceType = type
            picker.delegate = self
            let root = UIApplication.shared.connectedScenes
                .compactMap { ($0 as? UIWindowScene)?.keyWindow?.rootViewController }
                .first
            guard let root = root else {
                self.finish(self.json(["error": "The app has no window to show the camera in"]))
                return
            }
            root.present(picker, animated: true)
        }
        // The user may take their time framing a label; give up after ten minutes.
        if photoDone.wait(timeout: .now() + 600) == .timedOut {
            return json(["error": "The camera did not answer"])
        }
        return photoAnswer ?? json(["cancelled": true])
    }

    private func finish(_ answer: String) {
        photoAnswer = answer
        photoDone.signal()
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
