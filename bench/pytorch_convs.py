#!/usr/bin/env python3
"""ResNet-20's convolution shapes at batch 128 in PyTorch 1.13 (float32, NCHW, 2 threads), each
timed alone: forward under no_grad, and forward + backward (the input gradient only where the
input is not the network's image, as in a training step); medians of 15 runs after 5, summed
over the network's layers. The counterpart of
bench/src/main/java/dev/kiln/bench/micro/ConvShapes.java; run it in the launcher's environment
(see there).
"""
import torch, time, statistics
torch.set_num_threads(2)
shapes=[(1,16,28,3,1,1),(16,16,28,3,1,6),(16,32,28,3,2,1),(32,32,14,3,1,5),(16,32,28,1,2,1),(32,64,14,3,2,1),(64,64,7,3,1,5),(32,64,14,1,2,1)]
tf=tb=0
for ci,co,side,k,s,cnt in shapes:
    conv=torch.nn.Conv2d(ci,co,k,s,k//2,bias=False)
    x=torch.randn(128,ci,side,side,requires_grad=(ci>1))
    def f():
        with torch.no_grad(): conv(x)
    def fb():
        y=conv(x); y.backward(torch.ones_like(y))
    def med(fn):
        for _ in range(5): fn()
        t=[]
        for _ in range(15):
            t0=time.perf_counter(); fn(); t.append((time.perf_counter()-t0)*1e3)
        return statistics.median(t)
    a=med(f); b=med(fb)
    tf+=cnt*a; tb+=cnt*b
    print(ci,co,side,k,s,cnt,"fwd %.2f fwd+bwd %.2f"%(a,b))
print("total fwd %.1f ms, fwd+bwd %.1f ms"%(tf,tb))
