// Execution context: app.state (activities, services, jobs, receivers), user.interaction
// (touch/key dispatch, throttled) and device.state (screen, lock; polled). Frida side.
import Java from 'frida-java-bridge';
import { type AppState, buildAppState, buildDeviceState, buildUserInteraction } from '../events.js';
import { runtime } from '../runtime.js';
import { appContext, hook, identity, safe } from '../java-util.js';

type Wrapper = Java.Wrapper;

const resumed = new Set<number>();
let lastState: AppState | undefined;
let backgroundTimer: TimeoutId | undefined;

function setState(state: AppState): void {
  if (state === lastState) return;
  lastState = state;
  runtime.emit(buildAppState(state));
}

function hookActivities(): void {
  hook('android.app.Activity', 'onResume', (self, _args, original) => {
    safe('Activity.onResume', () => {
      resumed.add(identity(self));
      if (backgroundTimer !== undefined) clearTimeout(backgroundTimer);
      backgroundTimer = undefined;
      setState('foreground');
    });
    return original();
  });
  hook('android.app.Activity', 'onPause', (self, _args, original) => {
    const r = original();
    safe('Activity.onPause', () => {
      resumed.delete(identity(self));
      // switching activities pauses one before resuming the next: wait before saying background
      if (backgroundTimer !== undefined) clearTimeout(backgroundTimer);
      backgroundTimer = setTimeout(() => {
        backgroundTimer = undefined;
        if (resumed.size === 0) setState('background');
      }, 700);
    });
    return r;
  });
  let lastTouch = 0;
  const touched = (): void => {
    const now = Date.now();
    if (now - lastTouch < 5000) return;
    lastTouch = now;
    runtime.emit(buildUserInteraction());
  };
  for (const m of ['dispatchTouchEvent', 'dispatchKeyEvent']) {
    hook('android.app.Activity', m, (_self, _args, original) => {
      safe('user interaction', touched);
      return original();
    });
  }
}

/** Framework entry points (ActivityThread) run whether or not the app calls super. */
function hookComponents(): void {
  const before = (state: AppState) => (_self: Wrapper, _args: any[], original: () => any): any => {
    safe(`app.state ${state}`, () => {
      if (resumed.size === 0) setState(state);
    });
    return original();
  };
  hook('android.app.ActivityThread', 'handleReceiver', before('receiver'));
  const haveService = hook('android.app.ActivityThread', 'handleServiceArgs', before('service'));
  hook('android.app.ActivityThread', 'handleCreateService', before('service'));
  if (!haveService) hook('android.app.Service', 'onStartCommand', before('service'));
  hook('android.app.ActivityThread', 'handleStopService', (_self, _args, original) => {
    const r = original();
    safe('handleStopService', () => {
      if (resumed.size === 0 && lastState === 'service') setState('background');
    });
    return r;
  });
  // JobScheduler / WorkManager: MSG_EXECUTE_JOB = 0
  hook('android.app.job.JobServiceEngine$JobHandler', 'handleMessage', (_self, args, original) => {
    safe('JobHandler', () => {
      if (args[0] !== null && Number(args[0].what.value) === 0 && resumed.size === 0) setState('job');
    });
    return original();
  });
}

/** At load (attach mode): is the process in the foreground now? */
function initialState(): void {
  safe('initial app.state', () => {
    const ctx = appContext();
    if (ctx === null) return;
    const ActivityManager = Java.use('android.app.ActivityManager');
    const am = Java.cast(ctx.getSystemService('activity'), ActivityManager);
    const procs = am.getRunningAppProcesses();
    if (procs === null) return;
    const n = Number(procs.size());
    for (let i = 0; i < n; i++) {
      const p = Java.cast(procs.get(i), Java.use('android.app.ActivityManager$RunningAppProcessInfo'));
      if (Number(p.pid.value) === Process.id) {
        setState(Number(p.importance.value) <= 100 ? 'foreground' : 'background');
        return;
      }
    }
  });
}

let lastDevice = '';
let lastDeviceTs = 0;

function pollDevice(): void {
  Java.perform(() => {
    safe('device.state', () => {
      const ctx = appContext();
      if (ctx === null) return;
      const pm = Java.cast(ctx.getSystemService('power'), Java.use('android.os.PowerManager'));
      const km = Java.cast(ctx.getSystemService('keyguard'), Java.use('android.app.KeyguardManager'));
      const screen: 'on' | 'off' = pm.isInteractive() ? 'on' : 'off';
      const locked = Boolean(km.isKeyguardLocked());
      const key = `${screen}/${locked}`;
      const now = Date.now();
      if (key === lastDevice && now - lastDeviceTs < 10 * 60_000) return;
      lastDevice = key;
      lastDeviceTs = now;
      runtime.emit(buildDeviceState({ screen, locked }));
    });
  });
}

export function installStateHooks(): void {
  hookActivities();
  hookComponents();
  initialState();
  const period = Math.max(1000, runtime.params.poll_ms ?? 15_000);
  setTimeout(pollDevice, 500);
  setInterval(pollDevice, period);
}
