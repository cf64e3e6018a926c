// A short two-tone chime for a new breach, on boards that ask for sound. Browsers let a page play sound only
// after a user gesture unless the kiosk allows autoplay (Chromium: --autoplay-policy=no-user-gesture-required).
let context: AudioContext | null = null;

export function chime(): void {
  try {
    context ??= new AudioContext();
    const t = context.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.3, t + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.25 + 0.22);
      osc.connect(gain).connect(context.destination);
      osc.start(t + i * 0.25);
      osc.stop(t + i * 0.25 + 0.25);
    }
  } catch {
    // No audio device on this display: the blink still shows the breach.
  }
}
