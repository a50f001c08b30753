// Server passwords never shown: redactSecrets on conninfo strings, GDAL "PG:" addresses, URIs,
// and messages that merely contain one; everything else left as it was.
#include <gtest/gtest.h>

#include "store/redact.hpp"

namespace zhenmap::store {
namespace {

TEST(RedactSecrets, KeywordValueForms) {
  EXPECT_EQ(redactSecrets("PG:dbname=jieyang host=db password=s3cret user=planner"),
            "PG:dbname=jieyang host=db password=*** user=planner");
  EXPECT_EQ(redactSecrets("dbname=x password = s3cret"), "dbname=x password=***");
  EXPECT_EQ(redactSecrets("dbname=x password='two words \\' quote' port=5432"), "dbname=x password=*** port=5432");
  EXPECT_EQ(redactSecrets("PASSWORD=Abc123 dbname=x"), "PASSWORD=*** dbname=x");
  EXPECT_EQ(redactSecrets("password=last"), "password=***");
}

TEST(RedactSecrets, UriForms) {
  EXPECT_EQ(redactSecrets("postgresql://planner:s3cret@db:5432/jieyang"), "postgresql://planner:***@db:5432/jieyang");
  EXPECT_EQ(redactSecrets("postgres://u:p@ss/w@db/x?sslmode=disable"), "postgres://u:***@db/x?sslmode=disable");
  EXPECT_EQ(redactSecrets("postgresql://db/x?user=u&password=s3cret&sslmode=disable"),
            "postgresql://db/x?user=u&password=***&sslmode=disable");
  // No password in the user info: unchanged.
  EXPECT_EQ(redactSecrets("postgresql://planner@db/jieyang"), "postgresql://planner@db/jieyang");
  EXPECT_EQ(redactSecrets("postgresql://db:5432/jieyang"), "postgresql://db:5432/jieyang");
}

TEST(RedactSecrets, TileServiceKeysInUrls) {
  EXPECT_EQ(redactSecrets("https://t3.example/img_w/wmts?SERVICE=WMTS&TILEROW=1&tk=0123abcd&x=1"),
            "https://t3.example/img_w/wmts?SERVICE=WMTS&TILEROW=1&tk=***&x=1");
  EXPECT_EQ(redactSecrets("tiles at http://h/{z}/{x}/{y}.png?key=K3Y failed"),
            "tiles at http://h/{z}/{x}/{y}.png?key=*** failed");
  EXPECT_EQ(redactSecrets("a?access_token=abc#frag"), "a?access_token=***#frag");
  EXPECT_EQ(redactSecrets("a?tk={tk}"), "a?tk=***");
  // Not a query parameter: unchanged.
  EXPECT_EQ(redactSecrets("monkey=3 tk=5"), "monkey=3 tk=5");
  EXPECT_EQ(redactSecrets("a?tkx=1&mykey=2"), "a?tkx=1&mykey=2");
}

TEST(RedactSecrets, InsideMessages) {
  const std::string msg = "cannot open PG:dbname=x password=hunter2 host=h: server closed the connection";
  const std::string out = redactSecrets(msg);
  EXPECT_EQ(out.find("hunter2"), std::string::npos);
  EXPECT_EQ(out, "cannot open PG:dbname=x password=*** host=h: server closed the connection");
  EXPECT_EQ(redactSecrets("two: postgresql://a:one@h/x and postgresql://b:two@h/y"),
            "two: postgresql://a:***@h/x and postgresql://b:***@h/y");
}

TEST(RedactSecrets, LeavesOtherTextAlone) {
  EXPECT_EQ(redactSecrets(""), "");
  EXPECT_EQ(redactSecrets("/data/项目/jieyang_demo.sqlite"), "/data/项目/jieyang_demo.sqlite");
  EXPECT_EQ(redactSecrets("the passwords field"), "the passwords field");
  EXPECT_EQ(redactSecrets("mypassword=x"), "mypassword=x");
  EXPECT_EQ(redactSecrets("file:///tmp/x.sqlite"), "file:///tmp/x.sqlite");
}

TEST(RedactSecrets, DisplayNameRedactsBeforeSplittingThePath) {
  // A file: its name, with or without the extension.
  EXPECT_EQ(displayName("/data/揭阳/项目.sqlite", true), "项目");
  EXPECT_EQ(displayName("/data/揭阳/项目.sqlite", false), "项目.sqlite");
  // A server address stays whole, password masked, even when the password holds '/' or '.'.
  EXPECT_EQ(displayName("PG:dbname=jy password=a/b.c host=localhost", true),
            "PG:dbname=jy password=*** host=localhost");
  EXPECT_EQ(displayName("postgresql://planner:s3/cr.et@db/jy", false), "postgresql://planner:***@db/jy");
  EXPECT_EQ(displayName("pg:dbname=jy", true), "pg:dbname=jy");
  EXPECT_EQ(displayName("file:///tmp/x.sqlite", true), "x");
}

}  // namespace
}  // namespace zhenmap::store
