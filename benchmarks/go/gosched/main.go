// gosched ping-pong, Go's side of SchedBench's "gosched" workload (there is no anchor for it):
// two goroutines each call runtime.Gosched() n/2 times; prints ns per yield as
// "RESULT workload=gosched impl=go gomaxprocs=P metric=ns/yield value=<median> min= max= n= iters=".
// Usage: go run main.go [n=2000000] [iters=7]   (GOMAXPROCS from the environment)
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"
)

func once(n int) float64 {
	per := n / 2
	var wg sync.WaitGroup
	wg.Add(2)
	t0 := time.Now()
	for g := 0; g < 2; g++ {
		go func() {
			for i := 0; i < per; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return float64(time.Since(t0).Nanoseconds()) / float64(per*2)
}

func main() {
	n, iters := 2000000, 7
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if len(os.Args) > 2 {
		iters, _ = strconv.Atoi(os.Args[2])
	}
	once(n) // warm-up
	vals := make([]float64, iters)
	for i := range vals {
		vals[i] = once(n)
	}
	fmt.Fprintln(os.Stderr, "ITERS", vals)
	sort.Float64s(vals)
	fmt.Printf("RESULT workload=gosched impl=go gomaxprocs=%d metric=ns/yield value=%.1f min=%.1f max=%.1f n=%d iters=%d\n",
		runtime.GOMAXPROCS(0), vals[len(vals)/2], vals[0], vals[len(vals)-1], n, iters)
}
