import JobQueue

/// The notification workflow's own counters on the notification-worker's `/metrics`.
public enum NotificationMetrics {
    /// `vt_notification_deliveries_total{channel,result}`: each channel's result for a
    /// notification (`accepted`, `failed`, `waiting`).
    public static let deliveries = CounterFamily(
        name: "vt_notification_deliveries_total",
        help: "notification channel results (accepted, failed, waiting)",
        labels: ["channel", "result"])
}
