// The app's one job queue: results and errors arrive on the delivering thread in finishing order,
// priorities decide what runs first, cancelled jobs deliver nothing, progress is visible, and
// background jobs never wait behind interactive ones (nor the other way round).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "job_queue.hpp"

using namespace zhenmap;
using namespace std::chrono_literals;

TEST(JobQueue, DeliversResultsAndErrorsOnTheCallingThread) {
  JobQueue jobs(2);
  const auto caller = std::this_thread::get_id();
  std::thread::id workerId, deliveredOn;
  int result = 0;
  std::string error;
  const JobId a = jobs.submit<int>(
      {"sum", JobPriority::Normal, true},
      [&](JobContext&) {
        workerId = std::this_thread::get_id();
        return 6 * 7;
      },
      [&](int&& r) {
        result = r;
        deliveredOn = std::this_thread::get_id();
      });
  const JobId b = jobs.run({}, [](JobContext&) { throw std::runtime_error("no such file: x.shp"); }, {},
                           [&](const std::string& e) { error = e; });
  jobs.wait(a);
  jobs.wait(b);
  EXPECT_EQ(result, 42);
  EXPECT_NE(workerId, caller);
  EXPECT_EQ(deliveredOn, caller);
  EXPECT_EQ(error, "no such file: x.shp");
  EXPECT_FALSE(jobs.pending(a));
  EXPECT_EQ(jobs.pendingCount(), 0u);
}

TEST(JobQueue, HigherPriorityRunsFirstAndCancelledJobsDeliverNothing) {
  JobQueue jobs(1);  // one worker: the order of starts is the queue's choice
  std::atomic<bool> release{false};
  std::vector<int> order;
  std::mutex m;
  const JobId blocker = jobs.run({}, [&](JobContext&) {
    while (!release) std::this_thread::sleep_for(1ms);
  });
  const auto record = [&](int n) {
    return [&, n](JobContext&) {
      std::lock_guard lock(m);
      order.push_back(n);
    };
  };
  jobs.run({"", JobPriority::Normal, true}, record(1));
  bool cancelledDelivered = false;
  const JobId cancelled = jobs.run({"", JobPriority::Interactive, true}, record(99), [&] { cancelledDelivered = true; });
  const JobId last = jobs.run({"", JobPriority::Interactive, true}, record(2));
  jobs.cancel(cancelled);
  release = true;
  jobs.wait(blocker);
  jobs.wait(last);
  while (jobs.pendingCount() > 0) {
    std::this_thread::sleep_for(1ms);
    jobs.deliver();
  }
  ASSERT_EQ(order.size(), 2u);
  EXPECT_EQ(order[0], 2);  // the interactive job overtook the older normal one
  EXPECT_EQ(order[1], 1);
  EXPECT_FALSE(cancelledDelivered);
}

TEST(JobQueue, ProgressIsShownAndARunningJobSeesItsCancellation) {
  JobQueue jobs(2);
  std::atomic<bool> started{false}, sawCancel{false};
  bool delivered = false;
  const JobId id = jobs.run(
      {"读取 村界.shp", JobPriority::Normal, true},
      [&](JobContext& ctx) {
        ctx.progress(0.25f, "村界.shp");
        started = true;
        while (!ctx.cancelled()) std::this_thread::sleep_for(1ms);
        sawCancel = ctx.cancelFlag()->load();
      },
      [&] { delivered = true; });
  while (!started) std::this_thread::sleep_for(1ms);
  const std::vector<JobStatus> status = jobs.status();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].title, "读取 村界.shp");
  EXPECT_FLOAT_EQ(status[0].fraction, 0.25f);
  EXPECT_EQ(status[0].text, "村界.shp");
  EXPECT_TRUE(status[0].running);
  jobs.cancel(id);
  while (!sawCancel) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(5ms);
  jobs.deliver();
  EXPECT_FALSE(delivered);
}

TEST(JobQueue, BackgroundJobsNeverHoldUpInteractiveOnes) {
  JobQueue jobs(1);
  std::atomic<bool> release{false}, interactiveRan{false};
  jobs.run({"", JobPriority::Background, false}, [&](JobContext&) {
    while (!release) std::this_thread::sleep_for(1ms);
  });
  const JobId quick = jobs.run({"", JobPriority::Interactive, false}, [&](JobContext&) { interactiveRan = true; });
  jobs.wait(quick);  // would hang if the one normal worker were busy with the background job
  EXPECT_TRUE(interactiveRan);
  release = true;
}
