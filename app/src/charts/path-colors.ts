// One colour per path id, chosen to read on both the dark and the light theme and to stay apart from each other.

const palette = [
  "#3b8beb",
  "#e07b39",
  "#2fb387",
  "#c259d6",
  "#d4b22c",
  "#e2557a",
  "#4cb8c4",
  "#8a8fe8",
] as const;

export function pathColor(pathId: number): string {
  return palette[pathId % palette.length] ?? palette[0];
}
