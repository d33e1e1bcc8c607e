// App lifecycle hooks -> app.state. An activity coming up is `foreground`, one going away
// `background`; a service starting is `service`; a broadcast receiver running is `receiver`.
// Starting one of the app's own activities brings it to the foreground; starting another app's
// (settings, the dialer) says nothing sure. registerReceiver only registers: it changes nothing
// about where the app runs, so it is not a state.
import type { JavaCall } from './java-call.js';
import { textOf } from './java-call.js';
import type { MapContext } from './map-context.js';

const START_ACTIVITY = new Set(['android.app.Activity.startActivity', 'android.content.ContextWrapper.startActivity', 'android.app.ContextImpl.startActivity']);

const STATES: Record<string, string> = {
  'android.app.Activity.onCreate': 'foreground',
  'android.app.Activity.onStart': 'foreground',
  'android.app.Activity.onResume': 'foreground',
  'android.app.Activity.onPause': 'background',
  'android.app.Activity.onStop': 'background',
  'android.app.Activity.onDestroy': 'background',
  'android.app.Service.onCreate': 'service',
  'android.app.Service.onStartCommand': 'service',
  'android.content.ContextWrapper.startService': 'service',
  'android.app.ContextImpl.startService': 'service',
  'android.content.ContextWrapper.startForegroundService': 'service',
  'android.app.ActivityThread.handleReceiver': 'receiver',
  'android.content.BroadcastReceiver.onReceive': 'receiver',
};

export function mapStateCall(c: JavaCall, x: MapContext): boolean {
  const key = `${c.cls}.${c.method}`;
  if (START_ACTIVITY.has(key)) {
    // droidmon: {"cmp": "pkg/.Activity"} or u'cmp': u'pkg/...'; MobSF: the Intent's toString "cmp=pkg/..."
    if (textOf(c.args).replace(/\\\//g, '/').includes(`${x.app}/`)) setAppState(x, c.ts, 'foreground');
    return true;
  }
  const state = STATES[key];
  if (!state) return false;
  setAppState(x, c.ts, state);
  return true;
}

export function setAppState(x: MapContext, ts: number, state: string): void {
  if (x.appState === state) return;
  x.appState = state;
  x.sink.emit(ts, 'app.state', { state });
}
