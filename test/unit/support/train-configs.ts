/** Training settings for tests: the book's recipe without the extras, plus what a test sets. */
import { TRAIN_COUNT } from '../../../src/shared/mnist.ts';
import { BOOK_RECIPE, type TrainConfig } from '../../../src/shared/protocol.ts';

/** Listing 4.2 as the book ran it (no best-epoch restore, no test after each epoch, no augmentation), with `over`. */
export function bookConfig(over: Partial<TrainConfig>): TrainConfig {
  return {
    model: 'conv',
    ...BOOK_RECIPE,
    trainExamples: TRAIN_COUNT,
    keepBest: false,
    testEachEpoch: false,
    augment: false,
    ...over,
  };
}
