/** What the runtime probe does when the host driver cannot run the app's CUDA build. */
export enum ProbeMode {
  /** The probe exits non-zero: the app never starts and the task stops, naming the driver and the CUDA. */
  STRICT = 'strict',
  /** The app starts in CPU safe mode (`CUDA_VISIBLE_DEVICES=` from the probe's env file). */
  FALLBACK = 'fallback',
  /** The probe only logs what it saw; the app starts unchanged. */
  WARN = 'warn',
}
