using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ReleaseCmdlets.Benchmarks
{
    /// <summary>Counts first-chance exceptions on the thread that starts counting (the pipeline thread).</summary>
    public static class ExceptionCounter
    {
        private static int thread;
        private static int count;

        static ExceptionCounter() => AppDomain.CurrentDomain.FirstChanceException += OnException;

        public static void Start()
        {
            thread = Environment.CurrentManagedThreadId;
            Interlocked.Exchange(ref count, 0);
        }

        public static int Stop()
        {
            thread = 0;
            return Volatile.Read(ref count);
        }

        private static void OnException(object sender, FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                Interlocked.Increment(ref count);
            }
        }
    }
}
