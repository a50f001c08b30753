// The throwaway tile server of the raster tests (tile_server.py) from C++: started in the
// constructor on a free port, stopped in the destructor; its request counts read over a plain
// socket (not through the fetcher under test).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "test_support.hpp"

namespace zhenmap::test {

class TileServer {
 public:
  explicit TileServer(const std::string& key = {}) {
    const std::filesystem::path portFile = m_dir / "port";
    const std::string script = (sourceDir() / "tests" / "support" / "tile_server.py").string();
    m_pid = fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
      const std::string pf = portFile.string();
      std::vector<const char*> argv = {"/usr/bin/python3", script.c_str(), "--port-file", pf.c_str()};
      if (!key.empty()) {
        argv.push_back("--key");
        argv.push_back(key.c_str());
      }
      argv.push_back(nullptr);
      execv(argv[0], const_cast<char* const*>(argv.data()));
      _exit(127);
    }
    for (int i = 0; i < 400 && !std::filesystem::exists(portFile); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    std::ifstream in(portFile);
    if (!(in >> m_port)) throw std::runtime_error("the tile server did not start");
  }
  ~TileServer() { stop(); }
  TileServer(const TileServer&) = delete;
  TileServer& operator=(const TileServer&) = delete;

  void stop() {
    if (m_pid > 0) {
      kill(m_pid, SIGTERM);
      waitpid(m_pid, nullptr, 0);
      m_pid = -1;
    }
  }
  int port() const { return m_port; }
  // "http://127.0.0.1:PORT/" + path
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + "/" + path; }
  // Tile requests served since the start or the last reset, and the raw stats JSON.
  int count() const {
    const std::string json = get("/_stats");
    const auto at = json.find("\"count\": ");
    return at == std::string::npos ? -1 : std::stoi(json.substr(at + 9));
  }
  std::string stats() const { return get("/_stats"); }
  void reset() const { get("/_reset"); }

  // The colour tile_server.py gives tile (z, x, y).
  static std::tuple<int, int, int> colour(int z, int x, int y) {
    return {(z * 40 + x * 7) % 256, (x * 13 + y * 29) % 256, (y * 11 + z * 3) % 256};
  }

 private:
  std::string get(const std::string& path) const {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(m_port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd);
      return {};
    }
    const std::string req = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, req.data(), req.size()) < 0) {
      close(fd);
      return {};
    }
    std::string out;
    char buf[4096];
    ssize_t n = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, std::size_t(n));
    close(fd);
    const auto body = out.find("\r\n\r\n");
    return body == std::string::npos ? out : out.substr(body + 4);
  }

  TempDir m_dir;
  pid_t m_pid = -1;
  int m_port = 0;
};

}  // namespace zhenmap::test
