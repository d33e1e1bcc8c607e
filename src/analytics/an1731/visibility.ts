// Which telemetry kinds a device's sensor has ever produced: a facet is "missing" when the sensor
// never produced what could show it, which is different from "looked and found nothing".
export const SEEN_CRYPTO = 1, SEEN_KEY = 2, SEEN_DATA = 4, SEEN_STATE = 8, SEEN_NET = 16, SEEN_INFO = 32;
