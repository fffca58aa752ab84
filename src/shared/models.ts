/** The book's MNIST models: names and the facts the UI shows before building them. */

/** Model names as the UI and the worker call them. */
export const MODEL_NAMES = ['conv', 'conv3', 'dense', 'big'] as const;
/** One of the book's models. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** What the book says of each model: where it comes from and its parameter count. */
export const MODEL_FACTS: Record<ModelName, { source: string; params: number; layers: number }> = {
  conv: { source: 'Listing 4.1', params: 56_714, layers: 7 },
  conv3: { source: 'Section 4.2 / tfjs-examples', params: 33_194, layers: 8 },
  dense: { source: 'Listing 4.3', params: 33_400, layers: 3 },
  big: { source: 'Section 4.2.5 / tfjs-examples mnist-node', params: 594_922, layers: 11 },
};

/** Narrows a string to a model name. */
export function isModelName(value: string): value is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(value);
}
