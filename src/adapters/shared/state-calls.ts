// App lifecycle hooks -> app.state. An activity coming up is `foreground`, one going away
// `background`; a service starting is `service`; a broadcast receiver running is `receiver`.
// registerReceiver only registers: it changes nothing about where the app runs, so it is not a state.
import type { JavaCall } from './java-call.js';
import type { MapContext } from './map-context.js';

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
  const state = STATES[`${c.cls}.${c.method}`];
  if (!state) return false;
  setAppState(x, c.ts, state);
  return true;
}

export function setAppState(x: MapContext, ts: number, state: string): void {
  if (x.appState === state) return;
  x.appState = state;
  x.sink.emit(ts, 'app.state', { state });
}
