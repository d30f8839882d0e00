// How counts are shown. Below five, an exact number would single people out
// ("2 signed — and I saw Dana get an email"), so it reads "fewer than 5".
export const SMALL_COUNT = 5;

export function countInWords(count: number) {
  if (count < SMALL_COUNT) return "fewer than 5";
  return count.toLocaleString("en");
}
