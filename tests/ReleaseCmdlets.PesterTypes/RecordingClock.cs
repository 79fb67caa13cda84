using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace ReleaseCmdlets.Tests
{
    /// <summary>
    /// A virtual clock that only the test moves, which also records every wait the module starts on it (its due time),
    /// so that a test knows a wait has begun, and how long it is, before it moves the clock past it.
    /// </summary>
    public sealed class RecordingClock : FakeTimeProvider
    {
        private readonly List<TimeSpan> waits = new List<TimeSpan>();

        public RecordingClock()
            : base(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero))
        {
        }

        public override ITimer CreateTimer(TimerCallback callback, object state, TimeSpan dueTime, TimeSpan period)
        {
            lock (waits)
            {
                waits.Add(dueTime);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }

        /// <summary>The due times of every wait started so far, in order.</summary>
        public TimeSpan[] Waits()
        {
            lock (waits)
            {
                return waits.ToArray();
            }
        }
    }
}
