// Idle logout: the console ends its session by itself once the analyst has given no input (keys, pointer, wheel,
// touch) for the session's idle time in any tab of it. The server's own idle clock counts requests, and pages that
// poll (sensors, live response, alerts) would keep a session alive forever on an unattended screen.

/** Where the tabs share the time of the last input (localStorage: every tab of the origin sees it). */
export const ACTIVITY_KEY = "lampblack.activity";

/** What counts as the analyst being there. Requests never do. */
export const INPUT_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

/** Input is shared at most this often (pointer moves come many times a second). */
const SHARE_EVERY_MS = 5_000;

function sharedActivity(): number {
  try {
    return Number(localStorage.getItem(ACTIVITY_KEY)) || 0;
  } catch {
    return 0;
  }
}

function share(time: number) {
  try {
    localStorage.setItem(ACTIVITY_KEY, String(time));
  } catch {
    // storage refused (private mode): this tab still keeps its own clock
  }
}

/**
 * Calls `onIdle` once when no tab of the console saw input for `idleMs`. Starting counts as input (a login, a
 * reload). Returns the function that stops watching.
 */
export function watchIdle(idleMs: number, onIdle: () => void, target: Window = window): () => void {
  let last = Date.now();
  let shared = last;
  share(last);
  const onInput = () => {
    last = Date.now();
    if (last - shared >= SHARE_EVERY_MS) {
      shared = last;
      share(last);
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    for (const name of INPUT_EVENTS) target.removeEventListener(name, onInput, true);
  };
  const check = () => {
    if (stopped) return;
    last = Math.max(last, sharedActivity());
    const left = last + idleMs - Date.now();
    if (left <= 0) {
      stop();
      onIdle();
      return;
    }
    timer = setTimeout(check, left + 50);
  };
  for (const name of INPUT_EVENTS) target.addEventListener(name, onInput, { capture: true, passive: true });
  timer = setTimeout(check, idleMs);
  return stop;
}
