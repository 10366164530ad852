// A short two-note chime for a new chat or visitor message, synthesised on the spot: no audio file to load, nothing
// fetched. Browsers allow sound only after the operator interacted with the page (logging in counts).

let context: AudioContext | null = null;

/** Plays the chime; silently does nothing where the browser has no audio or refuses it. */
export function playChime(): void {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") void context.resume();
    const start = context.currentTime;
    for (const [index, frequency] of [880, 1320].entries()) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      const at = start + index * 0.12;
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      // A quick fade in and out: no click at either end.
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.15, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, at + 0.3);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.32);
    }
  } catch {
    // No Web Audio here: the title count still tells of new chats.
  }
}
