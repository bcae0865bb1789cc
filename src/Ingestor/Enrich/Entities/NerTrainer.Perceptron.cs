namespace Ingestor.Enrich.Entities;

public static partial class NerTrainer
{
    /// <summary>
    /// The averaged structured perceptron (Collins 2002): decode with the current weights, and where the best
    /// sequence differs from the gold one, add the gold sequence's features and subtract the predicted one's.
    /// Averaging keeps, per weight, the sum of time-stamped updates, so the average is w − u / c.
    /// </summary>
    private sealed class Perceptron(int features)
    {
        private const int L = LinearChain.Labels;

        private float[] _weights = new float[features * L];
        private double[] _stamped = new double[features * L];
        private float[] _transitions = new float[LinearChain.TransitionCount];
        private double[] _stampedTransitions = new double[LinearChain.TransitionCount];
        private long _time = 1;
        private float[] _emissions = new float[256 * L];
        private int[] _predicted = new int[256];

        public void Reset()
        {
            Array.Clear(_weights);
            Array.Clear(_stamped);
            Array.Clear(_transitions);
            Array.Clear(_stampedTransitions);
            _time = 1;
        }

        /// <summary>Learns from one sentence; returns whether the prediction was wrong.</summary>
        public bool Learn(Prepared doc, Sentence sentence, bool extra, ViterbiScratch viterbi)
        {
            var n = sentence.TokenCount;
            var first = sentence.FirstToken;
            if (_emissions.Length < n * L)
            {
                _emissions = new float[n * L * 2];
                _predicted = new int[n * 2];
            }
            var emissions = _emissions.AsSpan(0, n * L);
            emissions.Clear();
            for (var t = 0; t < n; t++)
            {
                doc.Score(first + t, _weights, extra, emissions.Slice(t * L, L));
            }
            var predicted = _predicted.AsSpan(0, n);
            LinearChain.Decode(emissions, _transitions, predicted, viterbi);
            var gold = doc.Gold.AsSpan(first, n);
            if (predicted.SequenceEqual(gold))
            {
                _time++;
                return false;
            }
            for (var t = 0; t < n; t++)
            {
                var g = gold[t];
                var p = predicted[t];
                if (g != p)
                {
                    var i = first + t;
                    Update(doc.Rows, doc.RowStarts[i], doc.RowStarts[i + 1], g, p);
                    if (extra)
                    {
                        Update(doc.ExtraRows, doc.ExtraStarts[i], doc.ExtraStarts[i + 1], g, p);
                    }
                }
                var previousGold = t == 0 ? Bilou.Start : gold[t - 1];
                var previousPredicted = t == 0 ? Bilou.Start : predicted[t - 1];
                if (g != p || previousGold != previousPredicted)
                {
                    _transitions[previousGold * L + g] += 1;
                    _stampedTransitions[previousGold * L + g] += _time;
                    _transitions[previousPredicted * L + p] -= 1;
                    _stampedTransitions[previousPredicted * L + p] -= _time;
                }
            }
            _time++;
            return true;
        }

        private void Update(int[] rows, int from, int to, int gold, int predicted)
        {
            for (var k = from; k < to; k++)
            {
                var baseIndex = rows[k] * L;
                _weights[baseIndex + gold] += 1;
                _stamped[baseIndex + gold] += _time;
                _weights[baseIndex + predicted] -= 1;
                _stamped[baseIndex + predicted] -= _time;
            }
        }

        public StageWeights Average()
        {
            var weights = new float[_weights.Length];
            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] = (float)(_weights[k] - _stamped[k] / _time);
            }
            var transitions = new float[_transitions.Length];
            for (var k = 0; k < transitions.Length; k++)
            {
                transitions[k] = (float)(_transitions[k] - _stampedTransitions[k] / _time);
            }
            return new StageWeights(weights, transitions);
        }
    }
}
